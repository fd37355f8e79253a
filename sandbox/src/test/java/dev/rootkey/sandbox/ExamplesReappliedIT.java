package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sandbox (operator and webhook): {@code examples/} deleted and applied again ends with
 * every RootKey Ready, as on a cluster, because the deleted RootKeys' Secrets went with them.
 */
class ExamplesReappliedIT {

  private static final String EXAMPLES = Path.of("../examples").toAbsolutePath() + "/";

  @TempDir Path tmp;
  private Sandbox sandbox;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    sandbox = TestSandboxes.start(TestSandboxes.NO_GITHUB_KEYS, new SecureRandom());
    kubectl = Kubectl.against(sandbox.server().url(), tmp);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void examplesDeletedAndAppliedAgainAreReadyWithNewKeys() {
    kubectl.ok("apply", "-f", EXAMPLES);
    awaitAllReady();
    List<String> firstUids = ownerUids();

    String deleted = kubectl.ok("delete", "-f", EXAMPLES);
    assertThat(deleted).contains("namespace \"payments\" deleted").doesNotContain("NotFound");
    assertThat(kubectl.run("get", "namespace", "payments").output()).contains("NotFound");

    kubectl.ok("apply", "-f", EXAMPLES);
    awaitAllReady();
    assertThat(
            kubectl.ok(
                "get",
                "rk",
                "-n",
                "payments",
                "-o",
                "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].reason}"))
        .doesNotContain("SecretConflict");
    List<String> uids = ownerUids();
    assertThat(uids).hasSize(3).doesNotContainAnyElementsOf(firstUids);
    assertThat(kubectl.ok("get", "rk", "-n", "payments", "-o", "jsonpath={.items[*].metadata.uid}"))
        .contains(uids);
  }

  private void awaitAllReady() {
    kubectl.ok("wait", "--for=condition=Ready", "rk", "--all", "-n", "payments", "--timeout=60s");
  }

  /** The uids of the RootKeys owning the delivered Secrets. */
  private List<String> ownerUids() {
    return List.of(
        kubectl
            .ok(
                "get",
                "secrets",
                "-n",
                "payments",
                "-o",
                "jsonpath={.items[*].metadata.ownerReferences[0].uid}")
            .split(" "));
  }
}
