package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.operator.AuditLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against the whole sandbox: RootKey writes pass through the scanner-webhook's admission
 * endpoints as on a cluster, so the audit trail names who changed a RootKey and who asked for a
 * rotation, and a protected RootKey's delete is refused with the webhook's reason.
 */
class SandboxAuditIT {

  private static final String ROOTKEY =
      """
      apiVersion: rootkey.dev/v1alpha1
      kind: RootKey
      metadata: {name: billing, namespace: default}
      spec:
        permissions: [api.*.verify_key]
        deleteProtection: true
      """;

  @TempDir Path tmp;
  private Sandbox sandbox;
  private AuditLines audit;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    audit = AuditLines.capture();
    // No alert is sent here: GitHub's keys are never fetched.
    sandbox = TestSandboxes.start(TestSandboxes.NO_GITHUB_KEYS, new SecureRandom());
    kubectl = Kubectl.against(sandbox.server().url(), tmp);
  }

  @AfterEach
  void stop() {
    sandbox.close();
    audit.close();
  }

  @Test
  void kubectlChangesAreRecordedWithWhoAndAProtectedDeleteIsRefused() throws Exception {
    Path manifest = Files.writeString(tmp.resolve("billing.yaml"), ROOTKEY);
    kubectl.ok("apply", "-f", manifest.toString());
    awaitOperations("rootkey.created", "key.issued");
    String first = key();

    kubectl.ok("annotate", "rk", "billing", "rootkey.dev/rotate=1");
    awaitOperations("rootkey.created", "key.issued", "rootkey.edited", "key.rotated");
    assertThat(
            kubectl.ok(
                "get",
                "rk",
                "billing",
                "-o",
                "jsonpath={.metadata.annotations.rootkey\\.dev/rotate-requested-by}"))
        .isEqualTo(AdmissionChain.USER);

    Kubectl.Result refused = kubectl.run("delete", "rk", "billing", "--wait=false");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.output())
        .contains("admission webhook \"audit.rootkey.dev\" denied the request")
        .contains("deleteProtection");
    assertThat(kubectl.ok("get", "rk", "billing", "-o", "name"))
        .isEqualTo("rootkey.rootkey.dev/billing");

    awaitOperations(
        "rootkey.created", "key.issued", "rootkey.edited", "key.rotated", "rootkey.delete_refused");
    List<JsonNode> records = audit.of("default", "billing");
    assertThat(records.get(0).path("actor").path("username").asText())
        .isEqualTo(AdmissionChain.USER);
    assertThat(records.get(2).path("details").path("fields").get(0).asText())
        .isEqualTo("metadata.annotations.rootkey.dev/rotate");
    assertThat(records.get(3).path("actor").path("username").asText())
        .isEqualTo(AdmissionChain.USER);
    assertThat(records.get(3).path("details").path("trigger").asText()).isEqualTo("Manual");
    String second = key();
    assertThat(second).isNotEqualTo(first);
    for (String line : audit.raw()) {
      assertThat(line).doesNotContain(first).doesNotContain(second);
    }
  }

  private void awaitOperations(String... operations) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(audit.operations("default", "billing")).containsExactly(operations));
  }

  private String key() {
    return new String(
        Base64.getDecoder()
            .decode(kubectl.ok("get", "secret", "billing", "-o", "jsonpath={.data.ROOT_KEY}")));
  }
}
