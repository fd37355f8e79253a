package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record seal key: one Secret, read by both Deployments, or the user's own. */
class RecordSealTest {

  private static final String SECRET = "rootkey-operator-record-seal";
  private static final List<String> DEPLOYMENTS =
      List.of("rootkey-operator", "rootkey-operator-scanner-webhook");

  @Test
  void theChartMakesAKeptSecretWithARandomKeyOfThirtyTwoBytes() {
    Secret secret = Chart.defaults().one(Secret.class, SECRET);

    assertThat(secret.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    String value =
        new String(
            Base64.getDecoder().decode(secret.getData().get("seal-key")), StandardCharsets.UTF_8);
    // What ROOTKEY_RECORD_SEAL_KEY holds: base64 text of the key's 32 bytes.
    assertThat(Base64.getDecoder().decode(value)).hasSize(32);
    String another =
        Chart.render("nameOverride: rootkey-operator\n")
            .one(Secret.class, SECRET)
            .getData()
            .get("seal-key");
    assertThat(another).as("a second render made without the cluster").isNotEqualTo(value);
  }

  @Test
  void bothDeploymentsReadTheSameKeyFromTheChartsSecret() {
    for (String name : DEPLOYMENTS) {
      EnvVar env = sealEnv(Chart.defaults().one(Deployment.class, name));
      assertThat(env.getValue()).as(name).isNull();
      assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(SECRET);
      assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo("seal-key");
    }
  }

  @Test
  void anExistingSecretIsReadByBothDeploymentsAndNoneIsMade() {
    Chart.Rendered rendered =
        Chart.render(
            """
            recordSeal: {existingSecret: gitops-record-seal, existingSecretKey: key}
            """);

    assertThat(rendered.all(Secret.class)).noneMatch(s -> s.getMetadata().getName().equals(SECRET));
    for (String name : DEPLOYMENTS) {
      EnvVar env = sealEnv(rendered.one(Deployment.class, name));
      assertThat(env.getValueFrom().getSecretKeyRef().getName())
          .as(name)
          .isEqualTo("gitops-record-seal");
      assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo("key");
    }
  }

  private static EnvVar sealEnv(Deployment deployment) {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    return container.getEnv().stream()
        .filter(e -> e.getName().equals("ROOTKEY_RECORD_SEAL_KEY"))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(deployment.getMetadata().getName() + " has no seal key"));
  }
}
