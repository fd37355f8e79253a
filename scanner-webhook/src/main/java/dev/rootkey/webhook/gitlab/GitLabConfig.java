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
 */
public record GitLabConfig(Optional<URI> keysUrl, Optional<PreSharedToken> revocationToken) {

  public static final String KEYS_URL_VARIABLE = "GITLAB_KEYS_URL";
  public static final String REVOCATION_TOKEN_VARIABLE = "GITLAB_REVOCATION_TOKEN";

  /** Neither GitLab source. */
  public static final GitLabConfig OFF = new GitLabConfig(Optional.empty(), Optional.empty());

  public static GitLabConfig fromEnvironment(Map<String, String> env) {
    return new GitLabConfig(
        present(env.get(KEYS_URL_VARIABLE)).map(URI::create),
        present(env.get(REVOCATION_TOKEN_VARIABLE)).map(PreSharedToken::new));
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
