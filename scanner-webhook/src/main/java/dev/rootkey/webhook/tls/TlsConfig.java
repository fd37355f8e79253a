package dev.rootkey.webhook.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the webhook's certificate and key are and how it serves them.
 *
 * @param certFile {@code TLS_CERT_FILE}: PEM certificate, followed by its intermediates if any
 * @param keyFile {@code TLS_KEY_FILE}: PEM private key, PKCS#8 or PKCS#1/SEC1, unencrypted
 * @param minVersion {@code TLS_MIN_VERSION}: 1.3 by default, 1.2 as an opt-in
 * @param reloadInterval {@code TLS_RELOAD_SECONDS}: how often the files are checked for a renewal
 */
public record TlsConfig(
    Path certFile, Path keyFile, TlsVersion minVersion, Duration reloadInterval) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  public TlsConfig {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(minVersion, "minVersion");
    if (reloadInterval.isNegative() || reloadInterval.isZero()) {
      throw new IllegalArgumentException("TLS reload interval must be positive: " + reloadInterval);
    }
  }
}
