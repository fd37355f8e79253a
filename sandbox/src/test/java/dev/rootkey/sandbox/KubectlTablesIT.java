package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The columns kubectl prints for built-in kinds in a {@link SandboxServer}, as on a cluster. */
class KubectlTablesIT {

  @TempDir static Path tmp;
  private static SandboxServer sandbox;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    sandbox = SandboxServer.start(0);
    kubectl = Kubectl.against(sandbox.url(), tmp);
    var client = sandbox.client();
    TestSandboxes.createNamespace(client, "payments");
    TestSandboxes.createNamespace(client, "ordered");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("billing-root-key")
                .withNamespace("payments")
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("ROOT_KEY", "cms=", "PREVIOUS_ROOT_KEY", "cms="))
                .build())
        .create();
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("billing-api")
                .withNamespace("payments")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "billing")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "billing")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("api")
                .withImage("busybox:1.36")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void getSecretsPrintsTypeAndDataCount() {
    String out = kubectl.ok("get", "secrets", "-n", "payments");
    assertThat(out.lines().findFirst().orElseThrow()).matches("NAME\\s+TYPE\\s+DATA\\s+AGE");
    assertThat(out).containsPattern("billing-root-key\\s+Opaque\\s+2\\s+\\d+s");
  }

  @Test
  void aSecretsTableCarriesItsMetadataButNotItsData() throws Exception {
    var answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sandbox.url() + "/api/v1/namespaces/payments/secrets"))
                    .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.body())
        .contains("\"kind\":\"Table\"", "PartialObjectMetadata", "billing-root-key")
        .doesNotContain("cms=");
  }

  @Test
  void listsAreInNameOrderAsOnARealServer() {
    for (String name : List.of("zeta", "alpha", "mu")) {
      sandbox
          .client()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace("ordered")
                  .endMetadata()
                  .build())
          .create();
    }
    assertThat(kubectl.ok("get", "secrets", "-n", "ordered", "-o", "name"))
        .isEqualTo("secret/alpha\nsecret/mu\nsecret/zeta");
  }

  @Test
  void getAllListsTheNamespacesWorkloadsWithTheirColumns() {
    String out = kubectl.ok("get", "all", "-n", "payments");
    assertThat(out)
        .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
        .containsPattern("deployment.apps/billing-api\\s+0/1\\s+0\\s+0\\s+\\d+s");
    String wide = kubectl.ok("get", "deploy", "-n", "payments", "-o", "wide");
    assertThat(wide)
        .containsPattern(
            "billing-api\\s+0/1\\s+0\\s+0\\s+\\d+s\\s+api\\s+busybox:1.36\\s+app=billing");
  }
}
