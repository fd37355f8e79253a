package dev.rootkey.operator;

import static dev.rootkey.operator.ProductionLogging.FORGED_AUDIT_RECORD;
import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's stdout under its own logback.xml, as a log pipeline reads it, when what it logs
 * holds text from outside (a leak's url, an invalid spec value), and what its lines name.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLogLinesTest {

  KubernetesClient client;
  private ProductionLogging logging;
  private Operator operator;

  @BeforeEach
  void start() throws Exception {
    logging = ProductionLogging.start(Path.of("src/main/resources/logback.xml"));
    operator = TestRootKeys.startOperator(client);
  }

  @AfterEach
  void stop() throws Exception {
    operator.stop();
    logging.close();
  }

  @Test
  void aLeakUrlOrAnInvalidSpecValueWithALineBreakNeverPrintsALineOfItsOwn() {
    client.resource(rootKey("billing", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "billing")));
    KeyRecord leaked = get(client, "billing").getStatus().getKeys().get(0);
    TestRootKeys.reportLeak(
        client, "billing", leaked, " https://x\n" + FORGED_AUDIT_RECORD + "\r\n\u2028");
    RootKey typo = rootKey("typo", "api.*.verify_key");
    typo.getSpec().setPrefix("rk\n" + FORGED_AUDIT_RECORD);
    client.resource(typo).create();
    // The leak answered, recorded and told in an Event, the typo refused.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                answered(leaked.getId())
                    && logging.auditRecords().stream()
                        .anyMatch(r -> r.path("operation").asText().equals("key.revoked"))
                    && logging.lines().stream().anyMatch(l -> l.contains("InvalidSpec"))
                    && TestRootKeys.eventReasons(client, "billing").contains("KeyLeaked"));

    List<String> lines = logging.lines();
    assertThat(logging.auditRecords())
        .as("only the operator's own records look like audit records")
        .allSatisfy(
            r ->
                assertThat(r.path("actor").path("username").asText())
                    .isEqualTo("rootkey-operator"));
    assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
        .filteredOn(e -> e.getReason().equals("KeyLeaked"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u2028"));
    // The text is there, escaped: the capture saw it.
    assertThat(lines).anyMatch(l -> l.contains("at https://x\\n{\"schema\""));
    assertThat(lines).anyMatch(l -> l.contains("spec.prefix \"rk\\n{\"schema\""));
  }

  private boolean answered(String keyId) {
    KeyLeak leak =
        client
            .resources(KeyLeak.class)
            .inNamespace(NAMESPACE)
            .withName(KeyLeak.nameFor(keyId))
            .get();
    return leak != null && leak.getStatus() != null;
  }

  @Test
  void aLineLoggedWhileReconcilingARootKeyNamesIt() {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    RestartTarget web = new RestartTarget();
    web.setKind(RestartTarget.Kind.Deployment);
    web.setName("web");
    RootKey billing = rootKey("billing", "api.*.verify_key");
    billing.getSpec().setRestartTargets(List.of(web));
    client.resource(billing).create();
    String rolled = "Rolled Deployment " + NAMESPACE + "/web";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> logging.lines().stream().anyMatch(l -> l.contains(rolled)));
    // The line is about the workload; the RootKey it was rolled for is on it too.
    assertThat(logging.lines())
        .filteredOn(l -> l.contains(rolled))
        .allMatch(l -> l.contains("[" + NAMESPACE + "/billing]"));
  }
}
