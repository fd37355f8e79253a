package dev.rootkey.webhook;

import dev.rootkey.config.WatchedNamespaces;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.tls.TlsConfig;
import dev.rootkey.webhook.tls.TlsVersion;
import dev.rootkey.webhook.usage.UsageReportConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The scanner-webhook's settings, from environment variables.
 *
 * @param host {@code BIND_ADDRESS}, default 0.0.0.0 (every interface, as a pod needs)
 * @param port {@code PORT}, default 8080: GitHub's alerts, verification, health and metrics
 * @param admissionPort {@code ADMISSION_PORT}, default 8443: the admission endpoints, for the API
 *     server only, with the same TLS as {@code port}; {@code off}: not served
 * @param githubKeysUrl {@code GITHUB_KEYS_URL}, default GitHub's secret-scanning public keys
 * @param githubToken {@code GITHUB_TOKEN}, optional: raises GitHub's rate limit for the key fetch
 * @param namespaces {@code ROOTKEY_NAMESPACES}, comma-separated; empty (default) watches all
 * @param maxRequestBytes {@code MAX_REQUEST_BYTES}, default 5 MiB
 * @param trustedProxies {@code TRUSTED_PROXIES}, comma-separated CIDRs of proxies whose
 *     X-Forwarded-For is believed when verifying keys; default none
 * @param tls HTTPS from {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} (both or neither), with
 *     {@code TLS_MIN_VERSION} and {@code TLS_RELOAD_SECONDS}; empty: plain HTTP
 * @param requestReadTimeout {@code REQUEST_READ_TIMEOUT_SECONDS}, default 5: how long a request
 *     body may take to arrive before it is refused with 408
 * @param gitlab {@code GITLAB_KEYS_URL} and {@code GITLAB_REVOCATION_TOKEN}: GitLab's two sources,
 *     each off unless set
 * @param usage {@code POD_NAME}, {@code USAGE_REPORT_INTERVAL} and {@code
 *     USAGE_ACTIVE_REPORT_INTERVAL}: how this replica reports key uses to its KeyUsages
 */
public record WebhookConfig(
    String host,
    int port,
    OptionalInt admissionPort,
    URI githubKeysUrl,
    Optional<String> githubToken,
    Set<String> namespaces,
    long maxRequestBytes,
    String trustedProxies,
    Optional<TlsConfig> tls,
    Duration requestReadTimeout,
    GitLabConfig gitlab,
    UsageReportConfig usage) {

  public static final long DEFAULT_MAX_REQUEST_BYTES = RequestLimits.DEFAULT_MAX_BODY_BYTES;
  public static final int DEFAULT_ADMISSION_PORT = 8443;

  public WebhookConfig {
    // 0 picks a free port for each (tests), so only two equal fixed ports clash.
    if (admissionPort.isPresent() && admissionPort.getAsInt() == port && port != 0) {
      throw new IllegalArgumentException(
          "ADMISSION_PORT must differ from PORT ("
              + port
              + "): the admission endpoints are never served on the public port");
    }
  }

  /** The settings with usage reported at the default intervals under this host's name. */
  public WebhookConfig(
      String host,
      int port,
      OptionalInt admissionPort,
      URI githubKeysUrl,
      Optional<String> githubToken,
      Set<String> namespaces,
      long maxRequestBytes,
      String trustedProxies,
      Optional<TlsConfig> tls,
      Duration requestReadTimeout,
      GitLabConfig gitlab) {
    this(
        host,
        port,
        admissionPort,
        githubKeysUrl,
        githubToken,
        namespaces,
        maxRequestBytes,
        trustedProxies,
        tls,
        requestReadTimeout,
        gitlab,
        UsageReportConfig.defaultsForThisHost());
  }

  /** The settings with the default request read timeout, without GitLab's sources. */
  public WebhookConfig(
      String host,
      int port,
      OptionalInt admissionPort,
      URI githubKeysUrl,
      Optional<String> githubToken,
      Set<String> namespaces,
      long maxRequestBytes,
      String trustedProxies,
      Optional<TlsConfig> tls) {
    this(
        host,
        port,
        admissionPort,
        githubKeysUrl,
        githubToken,
        namespaces,
        maxRequestBytes,
        trustedProxies,
        tls,
        RequestLimits.DEFAULT_READ_TIMEOUT,
        GitLabConfig.OFF);
  }

  public static WebhookConfig fromEnvironment(Map<String, String> env) {
    return new WebhookConfig(
        env.getOrDefault("BIND_ADDRESS", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("PORT", "8080")),
        admissionPort(env.getOrDefault("ADMISSION_PORT", String.valueOf(DEFAULT_ADMISSION_PORT))),
        URI.create(env.getOrDefault("GITHUB_KEYS_URL", GitHub.KEYS_URL.toString())),
        Optional.ofNullable(env.get("GITHUB_TOKEN")).filter(t -> !t.isBlank()),
        WatchedNamespaces.parse(env.get(WatchedNamespaces.VARIABLE)),
        Long.parseLong(
            env.getOrDefault("MAX_REQUEST_BYTES", String.valueOf(DEFAULT_MAX_REQUEST_BYTES))),
        env.getOrDefault("TRUSTED_PROXIES", ""),
        tls(env),
        Duration.ofSeconds(
            Long.parseLong(
                env.getOrDefault(
                    "REQUEST_READ_TIMEOUT_SECONDS",
                    String.valueOf(RequestLimits.DEFAULT_READ_TIMEOUT.toSeconds())))),
        GitLabConfig.fromEnvironment(env),
        UsageReportConfig.fromEnvironment(env));
  }

  /** What every request to the server may cost: its body's size and the time it takes. */
  public RequestLimits requestLimits() {
    return new RequestLimits(maxRequestBytes, requestReadTimeout);
  }

  static OptionalInt admissionPort(String value) {
    return value.strip().equalsIgnoreCase("off")
        ? OptionalInt.empty()
        : OptionalInt.of(Integer.parseInt(value.strip()));
  }

  static Optional<TlsConfig> tls(Map<String, String> env) {
    Optional<String> cert = Optional.ofNullable(env.get("TLS_CERT_FILE")).filter(v -> !v.isBlank());
    Optional<String> key = Optional.ofNullable(env.get("TLS_KEY_FILE")).filter(v -> !v.isBlank());
    // Parsed even without TLS, so that a typo is reported rather than ignored.
    TlsVersion minVersion = TlsVersion.parse(env.getOrDefault("TLS_MIN_VERSION", "1.3"));
    Duration reloadInterval =
        Duration.ofSeconds(
            Long.parseLong(
                env.getOrDefault(
                    "TLS_RELOAD_SECONDS",
                    String.valueOf(TlsConfig.DEFAULT_RELOAD_INTERVAL.toSeconds()))));
    if (cert.isEmpty() && key.isEmpty()) {
      return Optional.empty();
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException(
          "TLS_CERT_FILE and TLS_KEY_FILE are set together or not at all; only "
              + (cert.isPresent() ? "TLS_CERT_FILE" : "TLS_KEY_FILE")
              + " is set");
    }
    return Optional.of(
        new TlsConfig(Path.of(cert.get()), Path.of(key.get()), minVersion, reloadInterval));
  }
}
