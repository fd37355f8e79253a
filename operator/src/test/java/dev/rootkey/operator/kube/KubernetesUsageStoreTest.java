package dev.rootkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting a spent KeyUsage never deletes a report its replica rewrote since it was read. */
@EnableKubernetesMockClient(crud = true)
class KubernetesUsageStoreTest {

  KubernetesClient client;
  private UsageStore store;

  @BeforeEach
  void installCrd() throws IOException {
    try (InputStream yaml =
        RootKey.class.getResourceAsStream("/META-INF/fabric8/keyusages.rootkey.dev-v1.yml")) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    store = new KubernetesUsageStore(client);
  }

  @Test
  void aReportAsItWasReadIsDeleted() {
    KeyUsage read = client.resource(usage("2026-11-22T10:00:00Z")).create();

    assertThat(store.deleteIfUnchanged(read)).isTrue();

    assertThat(stored()).isNull();
  }

  @Test
  void aReportItsReplicaRewroteSinceItWasReadStays() {
    KeyUsage read = client.resource(usage("2026-11-22T10:00:00Z")).create();
    client
        .resources(KeyUsage.class)
        .inNamespace("payments")
        .withName(read.getMetadata().getName())
        .edit(
            u -> {
              u.getSpec().getLastUsed().put("key-a", "2026-11-22T10:05:00Z");
              return u;
            });

    assertThat(store.deleteIfUnchanged(read)).isFalse();

    assertThat(stored().getSpec().getLastUsed()).containsEntry("key-a", "2026-11-22T10:05:00Z");
  }

  @Test
  void aReportAlreadyGoneIsNoFailure() {
    KeyUsage read = client.resource(usage("2026-11-22T10:00:00Z")).create();
    client.resource(read).delete();

    assertThat(store.deleteIfUnchanged(read)).isFalse();
  }

  private KeyUsage stored() {
    return client
        .resources(KeyUsage.class)
        .inNamespace("payments")
        .withName("billing.replica-1")
        .get();
  }

  private static KeyUsage usage(String lastUsed) {
    KeyUsageSpec spec = new KeyUsageSpec();
    spec.setRootKey("billing");
    spec.setRootKeyUid("uid-billing");
    spec.setReplica("replica-1");
    spec.setLastUsed(new java.util.LinkedHashMap<>(Map.of("key-a", lastUsed)));
    spec.setReportedAt(lastUsed);
    KeyUsage usage = new KeyUsage();
    usage.setMetadata(
        new ObjectMetaBuilder().withName("billing.replica-1").withNamespace("payments").build());
    usage.setSpec(spec);
    return usage;
  }
}
