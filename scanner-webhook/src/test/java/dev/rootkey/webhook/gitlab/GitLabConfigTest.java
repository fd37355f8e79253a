package dev.rootkey.webhook.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabConfigTest {

  @Test
  void bothGitLabSourcesAreOffUnlessConfigured() {
    GitLabConfig config = GitLabConfig.fromEnvironment(Map.of("GITLAB_REVOCATION_TOKEN", " "));

    assertThat(config.keysUrl()).isEmpty();
    assertThat(config.revocationToken()).isEmpty();
  }

  @Test
  void theKeysUrlAndTheTokenComeFromTheirVariablesAndATrailingNewlineIsNotPartOfTheToken() {
    GitLabConfig config =
        GitLabConfig.fromEnvironment(
            Map.of(
                "GITLAB_KEYS_URL", "https://gitlab.example.com/keys",
                "GITLAB_REVOCATION_TOKEN", "pre-shared\n"));

    assertThat(config.keysUrl()).contains(URI.create("https://gitlab.example.com/keys"));
    assertThat(config.revocationToken().orElseThrow().isCarriedBy("pre-shared")).isTrue();
  }
}
