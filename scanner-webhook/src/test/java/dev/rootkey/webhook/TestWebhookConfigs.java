package dev.rootkey.webhook;

import dev.rootkey.webhook.gitlab.GitLabConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The webhook's settings in tests: on 127.0.0.1 with a free port for each listener, plain HTTP,
 * every namespace, no trusted proxies, no GitHub token, GitLab's endpoints off.
 */
public final class TestWebhookConfigs {

  private TestWebhookConfigs() {}

  /** Trusting the GitHub keys at {@code githubKeysUrl}, bodies up to {@code maxRequestBytes}. */
  public static WebhookConfig onFreePorts(
      URI githubKeysUrl, long maxRequestBytes, Duration requestReadTimeout) {
    return new WebhookConfig(
        "127.0.0.1",
        0,
        OptionalInt.of(0),
        githubKeysUrl,
        Optional.empty(),
        Set.of(),
        maxRequestBytes,
        "",
        Optional.empty(),
        requestReadTimeout,
        new GitLabConfig(Optional.empty(), Optional.empty()));
  }
}
