package dev.rootkey.webhook.gitlab;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The scanner-webhook's GitLab settings, each source off unless configured.
 *
 * @param keysUrl {@code GITLAB_KEYS_URL}: GitLab's public keys for its partner alerts, the URL
 *     GitLab gives its partners; unset: {@code POST /gitlab/secret-detection} is not served (404)
 * @param revocationToken {@code GITLAB_REVOCATION_TOKEN}: the pre-shared token a self-managed
 *     GitLab sends to the Token Revocation API; unset: {@code /v1/...} is not served (404)
 * @param revocationRequestsPerMinute {@code GITLAB_REVOCATION_REQUESTS_PER_MINUTE}, default 60: how
 *     many {@code POST /v1/revoke_tokens} each caller address may send at once and per minute, as
 *     GitLab's specification asks the service to rate-limit; more are answered 429
 */
public record GitLabConfig(
    Optional<URI> keysUrl,
    Optional<PreSharedToken> revocationToken,
    int revocationRequestsPerMinute) {

  public static final String KEYS_URL_VARIABLE = "GITLAB_KEYS_URL";
  public static final String REVOCATION_TOKEN_VARIABLE = "GITLAB_REVOCATION_TOKEN";
  public static final String REVOCATION_REQUESTS_PER_MINUTE_VARIABLE =
      "GITLAB_REVOCATION_REQUESTS_PER_MINUTE";

  /**
   * A self-managed GitLab sends one request per batch of findings, so one a second on average, with
   * a minute's worth at once, leaves it room while bounding what a leaked pre-shared token can do.
   */
  public static final int DEFAULT_REVOCATION_REQUESTS_PER_MINUTE = 60;

  /** Neither GitLab source. */
  public static final GitLabConfig OFF = new GitLabConfig(Optional.empty(), Optional.empty());

  public GitLabConfig {
    if (revocationRequestsPerMinute < 1) {
      throw new IllegalArgumentException(
          REVOCATION_REQUESTS_PER_MINUTE_VARIABLE
              + " must be a positive number, not "
              + revocationRequestsPerMinute);
    }
  }

  /** The sources given, with the default rate limit. */
  public GitLabConfig(Optional<URI> keysUrl, Optional<PreSharedToken> revocationToken) {
    this(keysUrl, revocationToken, DEFAULT_REVOCATION_REQUESTS_PER_MINUTE);
  }

  public static GitLabConfig fromEnvironment(Map<String, String> env) {
    return new GitLabConfig(
        present(env.get(KEYS_URL_VARIABLE)).map(URI::create),
        present(env.get(REVOCATION_TOKEN_VARIABLE)).map(PreSharedToken::new),
        present(env.get(REVOCATION_REQUESTS_PER_MINUTE_VARIABLE))
            .map(GitLabConfig::requestsPerMinute)
            .orElse(DEFAULT_REVOCATION_REQUESTS_PER_MINUTE));
  }

  private static int requestsPerMinute(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          REVOCATION_REQUESTS_PER_MINUTE_VARIABLE + " must be a whole number, not " + value, e);
    }
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
