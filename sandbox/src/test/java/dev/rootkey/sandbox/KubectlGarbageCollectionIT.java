package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection in a {@link SandboxServer}, driven with kubectl: owned Secrets go with their
 * RootKey, finalizers hold, propagationPolicy is honoured, a deleted namespace is emptied.
 */
class KubectlGarbageCollectionIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private SandboxServer sandbox;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxServer.start(0);
    client = sandbox.client();
    kubectl = Kubectl.against(sandbox.url(), tmp);
    TestSandboxes.createNamespace(client, "payments");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void deletingARootKeyDeletesTheSecretsItOwnsAndNoOther() {
    String uid = createRootKey("billing");
    createSecret("billing-root-key", "billing", uid);
    createSecret("manual", null, null);

    kubectl.ok("delete", "rk", "billing", "-n", "payments");

    await().atMost(PATIENCE).until(() -> !secrets().contains("billing-root-key"));
    assertThat(secrets()).contains("manual");
  }

  @Test
  void aRootKeyHeldByAFinalizerKeepsItsSecretUntilTheFinalizerIsRemoved() {
    String uid = createRootKey("billing", "rootkey.dev/delete-protection");
    createSecret("billing-root-key", "billing", uid);

    kubectl.ok("delete", "rk", "billing", "-n", "payments", "--wait=false");
    assertThat(
            kubectl.ok(
                "get",
                "rk",
                "billing",
                "-n",
                "payments",
                "-o",
                "jsonpath={.metadata.deletionTimestamp}"))
        .isNotEmpty();
    // The collector works through changes in order: once a later owner's Secret has gone, it has
    // seen the held RootKey, and left its Secret.
    String other = createRootKey("other");
    createSecret("other-key", "other", other);
    kubectl.ok("delete", "rk", "other", "-n", "payments");
    await().atMost(PATIENCE).until(() -> !secrets().contains("other-key"));
    assertThat(secrets()).contains("billing-root-key");

    kubectl.ok(
        "patch",
        "rk",
        "billing",
        "-n",
        "payments",
        "--type=json",
        "-p=[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    await().atMost(PATIENCE).until(() -> !secrets().contains("billing-root-key"));
    assertThat(kubectl.run("get", "rk", "billing", "-n", "payments").output()).contains("NotFound");
  }

  @Test
  void deletingWithCascadeOrphanLeavesTheSecretWithoutItsOwnerReference() {
    String uid = createRootKey("billing");
    createSecret("billing-root-key", "billing", uid);

    kubectl.ok("delete", "rk", "billing", "-n", "payments", "--cascade=orphan");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                kubectl
                    .ok(
                        "get",
                        "secret",
                        "billing-root-key",
                        "-n",
                        "payments",
                        "-o",
                        "jsonpath={.metadata.ownerReferences}")
                    .isEmpty());
    assertThat(kubectl.run("get", "rk", "billing", "-n", "payments").output()).contains("NotFound");
    assertThat(secrets()).contains("billing-root-key");
  }

  @Test
  void deletingWithCascadeForegroundDeletesTheSecretBeforeTheRootKey() {
    String uid = createRootKey("billing");
    createSecret("billing-root-key", "billing", uid);

    // kubectl waits until the RootKey is gone, which it is only after its Secret.
    kubectl.ok("delete", "rk", "billing", "-n", "payments", "--cascade=foreground");

    assertThat(secrets()).doesNotContain("billing-root-key");
  }

  @Test
  void aSecretWrittenForAnOwnerAlreadyGoneIsDeleted() {
    createSecret("late", "billing", "00000000-0000-0000-0000-0000000000ff");

    await().atMost(PATIENCE).until(() -> !secrets().contains("late"));
  }

  @Test
  void deletingANamespaceDeletesWhatItHoldsThenTheNamespace() throws Exception {
    String uid = createRootKey("billing");
    createSecret("billing-root-key", "billing", uid);
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("held")
                .withNamespace("payments")
                .withFinalizers("example.com/hold")
                .endMetadata()
                .build())
        .create();

    kubectl.ok("delete", "namespace", "payments", "--wait=false");
    assertThat(kubectl.ok("get", "namespace", "payments"))
        .containsPattern("payments\\s+Terminating");
    Path rootKey = tmp.resolve("late.yaml");
    Files.writeString(
        rootKey,
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata: {name: late, namespace: payments}
        spec: {permissions: [api.late.verify_key]}
        """);
    assertThat(kubectl.run("apply", "-f", rootKey.toString()).output())
        .contains(
            "unable to create new content in namespace payments because it is being terminated");

    // The held ConfigMap keeps the namespace Terminating until its finalizer goes.
    await()
        .atMost(PATIENCE)
        .until(
            () -> !kubectl.ok("get", "rk,secrets", "-n", "payments", "-o", "name").contains("/"));
    assertThat(kubectl.ok("get", "namespace", "payments")).contains("Terminating");
    kubectl.ok(
        "patch",
        "configmap",
        "held",
        "-n",
        "payments",
        "--type=json",
        "-p=[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    kubectl.ok("wait", "--for=delete", "namespace/payments", "--timeout=60s");
    assertThat(kubectl.run("get", "namespace", "payments").output()).contains("NotFound");
  }

  @Test
  void nothingIsCreatedInANamespaceThatDoesNotExist() throws Exception {
    Path secret = tmp.resolve("secret.yaml");
    Files.writeString(
        secret,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: stray, namespace: nowhere}
        stringData: {A: b}
        """);
    Kubectl.Result result = kubectl.run("apply", "-f", secret.toString());
    assertThat(result.code()).isNotZero();
    assertThat(result.output()).contains("namespaces \"nowhere\" not found");
  }

  private String secrets() {
    return kubectl.ok("get", "secrets", "-n", "payments", "-o", "name");
  }

  private String createRootKey(String name, String... finalizers) {
    GenericKubernetesResource rootKey = new GenericKubernetesResource();
    rootKey.setApiVersion("rootkey.dev/v1alpha1");
    rootKey.setKind("RootKey");
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .withFinalizers(finalizers)
            .build());
    rootKey.setAdditionalProperty("spec", Map.of("permissions", List.of("api.demo.verify_key")));
    return client.resource(rootKey).create().getMetadata().getUid();
  }

  /** A Secret owned as the operator owns the ones it delivers, or not owned (null owner). */
  private void createSecret(String name, String owner, String ownerUid) {
    var metadata = new ObjectMetaBuilder().withName(name).withNamespace("payments");
    if (owner != null) {
      metadata.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withApiVersion("rootkey.dev/v1alpha1")
              .withKind("RootKey")
              .withName(owner)
              .withUid(ownerUid)
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build());
    }
    client
        .resource(
            new SecretBuilder()
                .withMetadata(metadata.build())
                .withType("Opaque")
                .withData(Map.of("ROOT_KEY", "cms="))
                .build())
        .create();
  }
}
