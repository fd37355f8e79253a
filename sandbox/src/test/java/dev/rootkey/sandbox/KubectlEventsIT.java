package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.kube.KubernetesKeyEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Events the operator records, as kubectl finds them in a {@link SandboxServer}: under {@code
 * describe}, with {@code kubectl events} and {@code kubectl get events}.
 */
class KubectlEventsIT {

  @TempDir static Path tmp;
  private static SandboxServer sandbox;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    sandbox = SandboxServer.start(0);
    kubectl = Kubectl.against(sandbox.url(), tmp);
    TestSandboxes.createNamespace(sandbox.client(), "payments");
    KubernetesKeyEvents events = new KubernetesKeyEvents(sandbox.client(), Clock.systemUTC());
    events.normal(
        rootKey("billing"), "KeyIssued", "Key k1 (rk_Ab12...) issued into Secret billing");
    events.warning(rootKey("search"), "RestartTargetMissing", "Not found, so not restarted");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void describeShowsTheEventsOfThatRootKeyOnly() {
    String described = kubectl.ok("describe", "rk", "billing", "-n", "payments");
    String events = described.substring(described.indexOf("\nEvents:"));
    assertThat(events)
        .doesNotContain("<none>")
        .contains("Normal", "KeyIssued", "rootkey-operator", "Key k1 (rk_Ab12...) issued")
        .doesNotContain("RestartTargetMissing");
  }

  @Test
  void kubectlEventsListsTheNamespacesEvents() {
    String out = kubectl.ok("events", "-n", "payments");
    assertThat(out.lines().findFirst().orElseThrow())
        .matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(out)
        .containsPattern("Normal\\s+KeyIssued\\s+RootKey/billing\\s+Key k1")
        .containsPattern("Warning\\s+RestartTargetMissing\\s+RootKey/search\\s+Not found");
  }

  @Test
  void kubectlEventsForOneRootKeyListsOnlyItsEvents() {
    String out = kubectl.ok("events", "-n", "payments", "--for", "rootkey/search");
    assertThat(out).contains("RestartTargetMissing").doesNotContain("KeyIssued");
  }

  @Test
  void getEventsPrintsTheColumnsOfARealServer() {
    String out = kubectl.ok("get", "events", "-n", "payments");
    assertThat(out.lines().findFirst().orElseThrow())
        .matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(out)
        .containsPattern("\\d+s\\s+Normal\\s+KeyIssued\\s+rootkey/billing\\s+Key k1 \\(rk_Ab12")
        .containsPattern("Warning\\s+RestartTargetMissing\\s+rootkey/search\\s+Not found");

    String wide = kubectl.ok("get", "events", "-n", "payments", "-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow())
        .matches(
            "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE"
                + "\\s+FIRST SEEN\\s+COUNT\\s+NAME");
    assertThat(wide).containsPattern("rootkey/billing\\s+rootkey-operator\\s+Key k1");
  }

  private static RootKey rootKey(String name) {
    RootKey rootKey = new RootKey();
    rootKey.getMetadata().setName(name);
    rootKey.getMetadata().setNamespace("payments");
    rootKey.setSpec(new dev.rootkey.api.v1alpha1.RootKeySpec());
    rootKey.getSpec().setPermissions(List.of("api.demo.verify_key"));
    return sandbox.client().resource(rootKey).create();
  }
}
