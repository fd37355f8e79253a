package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The finalizer backstop of spec.deleteProtection, for clusters without admission policies. */
@EnableKubernetesMockClient(crud = true)
class DeleteProtectionTest {

  KubernetesClient client;

  @RegisterExtension final OperatorPerTest operator = new OperatorPerTest(() -> client);

  @Test
  void aProtectedRootKeyAndItsSecretStayUntilProtectionIsTurnedOff() {
    TestRootKeys.createProtected(client, "vault");
    String currentKey = get(client, "vault").getStatus().getCurrentKeyId();

    client.resources(RootKey.class).inNamespace(NAMESPACE).withName("vault").delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get(client, "vault").getStatus().getConditions().stream()
                    .anyMatch(c -> "DeletionBlocked".equals(c.getType())));
    RootKey held = get(client, "vault");
    assertThat(held.isMarkedForDeletion()).isTrue();
    assertThat(held.getStatus().getCurrentKeyId()).isEqualTo(currentKey);
    assertThat(secret(client, "vault")).isNotNull();
    TestRootKeys.awaitEventReasons(
        client, "vault", reasons -> assertThat(reasons).containsOnlyOnce("DeleteRefused"));

    TestRootKeys.editSpec(client, "vault", spec -> spec.setDeleteProtection(false));

    await().atMost(Duration.ofSeconds(10)).until(() -> get(client, "vault") == null);
  }

  @Test
  void anUnprotectedRootKeyCarriesNoFinalizerAndIsDeletedAtOnce() {
    client.resource(rootKey("plain", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "plain")));
    assertThat(get(client, "plain").getMetadata().getFinalizers()).isEmpty();

    client.resources(RootKey.class).inNamespace(NAMESPACE).withName("plain").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> get(client, "plain") == null);
  }

  @Test
  void turningProtectionOnAndOffAddsAndRemovesTheFinalizer() {
    client.resource(rootKey("toggle", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "toggle")));
    setProtection("toggle", true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(client, "toggle").hasFinalizer(DeleteProtection.FINALIZER));
    setProtection("toggle", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !get(client, "toggle").hasFinalizer(DeleteProtection.FINALIZER));
  }

  private void setProtection(String name, boolean on) {
    TestRootKeys.editSpec(client, name, spec -> spec.setDeleteProtection(on));
  }
}
