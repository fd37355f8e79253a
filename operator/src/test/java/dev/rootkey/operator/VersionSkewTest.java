package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.inState;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.readyReason;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RootKeys and KeyLeaks written for another version of the API (a typo where no schema prunes it, a
 * newer CRD after an upgrade or rollback) on the in-process API server, which, like the sandbox,
 * stores whatever it is given: the operator keeps running and keeps reconciling the others.
 */
@EnableKubernetesMockClient(crud = true)
class VersionSkewTest {

  KubernetesClient client;
  private Operator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void unknownFieldsAreIgnoredAndAMistypedRootKeyIsReportedWhileTheOthersBecomeReady() {
    operator = TestRootKeys.startOperator(client);

    createRaw(
        rootKeyYaml("typo", "  permissions: [api.*.verify_key]\n  rotaton: {interval: 1h}\n"));
    createRaw(rootKeyYaml("mistyped", "  permissions: not-a-list\n"));
    createRaw(rootKeyYaml("rotation-five", "  permissions: [api.*.verify_key]\n  rotation: 5\n"));
    client.resource(rootKey("good", "api.*.verify_key")).create();

    awaitReady("good");
    awaitReady("typo");
    awaitCondition(
        "mistyped",
        "False/Unreadable",
        "spec.permissions: expected a list, found a string; this RootKey is left as it is");
    awaitCondition(
        "rotation-five", "False/Unreadable", "spec.rotation: expected an object, found a number");
    TestRootKeys.awaitEventReasons(
        client, "mistyped", reasons -> assertThat(reasons).contains("Unreadable"));
    assertThat(secret(client, "mistyped")).as("no key for what cannot be read").isNull();

    // Still watching: a RootKey created now is issued, and fixing the mistyped one issues it.
    client.resource(rootKey("later", "api.*.verify_key")).create();
    awaitReady("later");
    createOrReplaceRaw(rootKeyYaml("mistyped", "  permissions: [api.*.verify_key]\n"));
    awaitReady("mistyped");
  }

  @Test
  void anUnreadableRootKeyPresentAtStartDoesNotStopTheOperatorStarting() {
    TestRootKeys.installCrd(client);
    createRaw(
        rootKeyYaml("mistyped", "  permissions: [api.*.verify_key]\n  leakPolicy: [Revoke]\n"));
    client.resource(rootKey("good", "api.*.verify_key")).create();

    operator =
        RootKeyOperator.create(
            client,
            Clock.systemUTC(),
            new KeyGenerator(new SecureRandom()),
            TestRootKeys.SEAL,
            Set.of());
    operator.start();

    awaitReady("good");
    awaitCondition(
        "mistyped", "False/Unreadable", "spec.leakPolicy: expected one of Revoke, Notify");
  }

  @Test
  void aStatusThatCannotBeReadIsNeitherOverwrittenNorIssuedOver() {
    operator = TestRootKeys.startOperator(client);
    client.resource(rootKey("held", "api.*.verify_key")).create();
    awaitReady("held");
    String keyId = secret(client, "held").getMetadata().getAnnotations().get("rootkey.dev/key-id");

    // As a newer operator might write it: a field of another shape.
    GenericKubernetesResource stored = raw("held").get();
    Map<String, Object> newerStatus = new HashMap<>(statusOf(stored));
    newerStatus.put("phase", Map.of("name", "Active", "since", "2026-12-01T00:00:00Z"));
    stored.setAdditionalProperty("status", newerStatus);
    client.resource(stored).updateStatus();

    TestRootKeys.awaitEventReasons(
        client, "held", reasons -> assertThat(reasons).contains("Unreadable"));
    assertThat(secret(client, "held").getMetadata().getAnnotations())
        .containsEntry("rootkey.dev/key-id", keyId);
    assertThat(statusOf(raw("held").get())).containsEntry("phase", newerStatus.get("phase"));

    // Still watching the others, KeyLeaks included: one that cannot be read is skipped.
    createRaw(
        "apiVersion: rootkey.dev/v1alpha1\nkind: KeyLeak\nmetadata: {name: garbled, namespace: "
            + NAMESPACE
            + "}\nspec: {rootKey: {name: held}, keyId: k, tokenHash: h}\n");
    client.resource(rootKey("good", "api.*.verify_key")).create();
    RootKey good = awaitReady("good");
    KeyRecord leaked = inState(good, KeyState.Active).get(0);
    TestRootKeys.reportLeak(client, "good", leaked);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(client, "good").getStatus().getKeys().stream()
                    .anyMatch(
                        k -> k.getId().equals(leaked.getId()) && k.getState() == KeyState.Revoked));
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).withName("garbled").get())
        .isNotNull();
  }

  @Test
  void aKeyUsageThatCannotBeReadIsLeftAsItIsWhileTheOthersAreFoldedIn() {
    operator = TestRootKeys.startOperator(client);
    client.resource(rootKey("good", "api.*.verify_key")).create();
    RootKey good = awaitReady("good");
    KeyRecord current = inState(good, KeyState.Active).get(0);

    // Were it read, it would be deleted: it names another RootKey of this name.
    createRaw(
        "apiVersion: rootkey.dev/v1alpha1\nkind: KeyUsage\nmetadata: {name: good.garbled,"
            + " namespace: "
            + NAMESPACE
            + "}\nspec: {rootKey: good, rootKeyUid: an-earlier-good, replica: garbled, lastUsed: ["
            + current.getId()
            + "]}\n");
    String used = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    KeyUsageSpec spec = new KeyUsageSpec();
    spec.setRootKey("good");
    spec.setRootKeyUid(good.getMetadata().getUid());
    spec.setReplica("webhook-0");
    spec.setLastUsed(new HashMap<>(Map.of(current.getId(), used)));
    spec.setReportedAt(used);
    KeyUsage readable = new KeyUsage();
    readable.setMetadata(
        new ObjectMetaBuilder().withName("good.webhook-0").withNamespace(NAMESPACE).build());
    readable.setSpec(spec);
    client.resource(readable).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(client, "good").getStatus().getKeys().stream()
                    .anyMatch(
                        k -> k.getId().equals(current.getId()) && used.equals(k.getLastUsedAt())));
    assertThat(
            client.resources(KeyUsage.class).inNamespace(NAMESPACE).withName("good.garbled").get())
        .isNotNull();
  }

  private static String rootKeyYaml(String name, String spec) {
    return "apiVersion: rootkey.dev/v1alpha1\nkind: RootKey\nmetadata: {name: "
        + name
        + ", namespace: "
        + NAMESPACE
        + "}\nspec:\n"
        + spec;
  }

  /** Sends the manifest as it is, as kubectl does: no Java type between it and the server. */
  private void createRaw(String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
  }

  private void createOrReplaceRaw(String yaml) {
    GenericKubernetesResource wanted =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    GenericKubernetesResource stored = raw(wanted.getMetadata().getName()).get();
    wanted.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    client.resource(wanted).update();
  }

  private Resource<GenericKubernetesResource> raw(String name) {
    return client
        .genericKubernetesResources(RootKey.GROUP + "/" + RootKey.VERSION, "RootKey")
        .inNamespace(NAMESPACE)
        .withName(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusOf(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("status");
  }

  private RootKey awaitReady(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> isReady(get(client, name)));
    return get(client, name);
  }

  private void awaitCondition(String name, String statusAndReason, String message) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              RootKey rootKey = get(client, name);
              assertThat(readyReason(rootKey)).isEqualTo(statusAndReason);
              assertThat(rootKey.getStatus().getConditions())
                  .filteredOn(c -> "Ready".equals(c.getType()))
                  .extracting(Condition::getMessage)
                  .singleElement()
                  .asString()
                  .contains(message);
            });
  }
}
