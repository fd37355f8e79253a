package dev.rootkey.webhook.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void theRevocationRateLimitIsSixtyAMinuteUnlessItsVariableSaysOtherwise() {
    assertThat(GitLabConfig.fromEnvironment(Map.of()).revocationRequestsPerMinute()).isEqualTo(60);
    assertThat(
            GitLabConfig.fromEnvironment(Map.of("GITLAB_REVOCATION_REQUESTS_PER_MINUTE", "600"))
                .revocationRequestsPerMinute())
        .isEqualTo(600);
  }

  @Test
  void aRevocationRateLimitThatIsNotAPositiveWholeNumberIsRefusedNamingItsVariable() {
    for (String bad : new String[] {"0", "-1", "ten"}) {
      assertThatThrownBy(
              () ->
                  GitLabConfig.fromEnvironment(
                      Map.of("GITLAB_REVOCATION_REQUESTS_PER_MINUTE", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GITLAB_REVOCATION_REQUESTS_PER_MINUTE");
    }
  }
}
