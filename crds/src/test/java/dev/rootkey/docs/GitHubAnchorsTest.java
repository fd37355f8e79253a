package dev.rootkey.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchors come out as GitHub makes them for the headings of a rendered page. */
class GitHubAnchorsTest {

  @Test
  void anchorsAreLowercaseWithSpacesAsHyphensAndPunctuationDropped() {
    assertThat(GitHubAnchors.slug("Admission webhook: who changed a RootKey"))
        .isEqualTo("admission-webhook-who-changed-a-rootkey");
    assertThat(GitHubAnchors.slug("Trusting the webhook's certificate in your services"))
        .isEqualTo("trusting-the-webhooks-certificate-in-your-services");
    assertThat(GitHubAnchors.slug("Record schema (`rootkey.dev/audit/v1`)"))
        .isEqualTo("record-schema-rootkeydevauditv1");
    assertThat(GitHubAnchors.slug("leakPolicy and deleteProtection"))
        .isEqualTo("leakpolicy-and-deleteprotection");
    assertThat(GitHubAnchors.slug("Columns of `kubectl get` -o wide"))
        .isEqualTo("columns-of-kubectl-get--o-wide");
    assertThat(GitHubAnchors.slug("See [the guide](guide.md) **now**"))
        .isEqualTo("see-the-guide-now");
    assertThat(GitHubAnchors.slug("snake_case stays")).isEqualTo("snake_case-stays");
  }

  @Test
  void repeatedHeadingsAreNumberedAndHeadingsInCodeBlocksDoNotCount() {
    assertThat(
            GitHubAnchors.of(
                List.of(
                    "# TLS",
                    "## TLS",
                    "```sh",
                    "# TLS: a comment in a shell script",
                    "```",
                    "### TLS ###",
                    "<a id=\"custom\"></a>")))
        .containsExactly("tls", "tls-1", "tls-2", "custom");
  }
}
