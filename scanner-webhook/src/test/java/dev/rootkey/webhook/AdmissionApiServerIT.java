package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.AuditLines;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.webhook.tls.TestingCertificates;
import dev.rootkey.webhook.tls.TestingCertificates.KeyFormat;
import dev.rootkey.webhook.tls.TlsConfig;
import dev.rootkey.webhook.tls.TlsVersion;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission webhook as a real kube-apiserver calls it: registered by URL with a CA made up for
 * the test, over TLS 1.3, with the AdmissionReviews, JSON Patch handling, RBAC and impersonated
 * users of a real cluster, next to the operator in the same JVM. What the mock-server end-to-end
 * test plays with AdmittingApiServer is here done by the API server itself.
 */
class AdmissionApiServerIT {

  private static final Path KUBECONFIG = Path.of(System.getenv("ROOTKEY_IT_KUBECONFIG"));
  private static final String RUN = String.valueOf(System.currentTimeMillis() % 100000);
  private static final String NAMESPACE = "rootkey-admission-it-" + RUN;

  /** Where the test proves the registration is in effect, away from the operator's namespace. */
  private static final String PROBES = "rootkey-admission-probe-" + RUN;

  /** The webhook configurations and the RBAC of this run. */
  private static final String NAME = "rootkey-admission-it-" + RUN;

  /** Only namespaces with this label are sent to the webhook (see AdmissionRegistration). */
  private static final Map.Entry<String, String> SELECTOR =
      Map.entry("rootkey.dev/admission-it", RUN);

  private static final String PLATFORM_TEAM = "platform-team";

  @TempDir static Path tls;
  private static KubernetesClient admin;
  private static AuditLines audit;
  private static RootKeyEditors editors;

  /** What the run set up, undone last first, whatever step a failure stopped at. */
  private static final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  private final Set<String> deliveredKeys = new LinkedHashSet<>();

  @BeforeAll
  static void startTheWebhookAndTheOperatorAndRegisterTheWebhook() throws Exception {
    String kubeconfig = Files.readString(KUBECONFIG);
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    cleanup.push(admin::close);
    installCrds();
    for (String namespace : List.of(NAMESPACE, PROBES)) {
      admin
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .addToLabels(SELECTOR.getKey(), SELECTOR.getValue())
                  .endMetadata()
                  .build())
          .create();
      // Without a controller manager a namespace stays Terminating, but the request says ours is
      // done, as on a cluster.
      cleanup.push(() -> admin.namespaces().withName(namespace).delete());
    }
    editors =
        RootKeyEditors.grant(
            admin, kubeconfig, NAME, NAMESPACE, List.of(PLATFORM_TEAM), List.of("dave"));
    cleanup.push(editors);
    audit = AuditLines.capture();
    cleanup.push(audit);

    TestingCertificates ca = TestingCertificates.newCa();
    Path cert = tls.resolve("tls.crt");
    Path key = tls.resolve("tls.key");
    TestingCertificates.write(ca.issue(BigInteger.valueOf(7)), cert, key, KeyFormat.PKCS8);
    // Both in this JVM: one seal key, as the chart's Secret gives both pods.
    RecordSeal seal = RecordSeal.random(new SecureRandom());
    ScannerWebhook webhook =
        ScannerWebhook.start(
            admin,
            new WebhookConfig(
                "127.0.0.1",
                0,
                // The admission endpoints' own port: what the registration below points at.
                OptionalInt.of(0),
                // Never fetched: no GitHub alert in this test.
                URI.create("http://127.0.0.1:9/keys"),
                Optional.empty(),
                Set.of(NAMESPACE),
                1024 * 1024,
                "",
                Optional.of(
                    new TlsConfig(
                        cert, key, TlsVersion.TLS_1_3, TlsConfig.DEFAULT_RELOAD_INTERVAL))),
            seal,
            Clock.systemUTC());
    cleanup.push(webhook);
    await().atMost(Duration.ofSeconds(30)).until(webhook::isReady);

    // Only this run's namespace: leftovers of other tests on the same API server are not ours.
    Operator operator =
        RootKeyOperator.create(
            admin,
            Clock.systemUTC(),
            new KeyGenerator(new SecureRandom()),
            seal,
            Set.of(NAMESPACE));
    operator.start();
    cleanup.push(operator::stop);
    // While the operator still runs: a protected RootKey left by a failed run needs it to go.
    cleanup.push(AdmissionApiServerIT::deleteRootKeysAndSecrets);

    cleanup.push(
        AdmissionRegistration.register(
            admin, NAME, webhook.admissionPort().getAsInt(), ca.caCertificate(), SELECTOR));
    awaitRegistrationInEffect();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Exception first = null;
    while (!cleanup.isEmpty()) {
      try {
        cleanup.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void theApiServerAsksTheWebhookWhoChangedARootKeyAndTheAuditTrailSaysSo() {
    KubernetesClient alice = editors.as("alice", PLATFORM_TEAM);
    KubernetesClient bob = editors.as("bob", PLATFORM_TEAM);
    KubernetesClient dave = editors.as("dave");

    alice.resource(billing()).create();
    audit.awaitAtLeast(NAMESPACE, "billing", 2, Duration.ofSeconds(30));
    String first = awaitDeliveredKey(null);

    // As `kubectl annotate rk billing rootkey.dev/rotate=1` sends it: a patch, not a whole object.
    RootKey annotated = billing(bob).edit(r -> annotate(r, RotationAnnotations.ROTATE, "1"));
    assertThat(annotated.getMetadata().getAnnotations())
        .as("stamped by the API server applying the mutating webhook's JSON Patch")
        .containsEntry(RotationAnnotations.ROTATE_REQUESTED_BY, "bob");
    audit.awaitAtLeast(NAMESPACE, "billing", 4, Duration.ofSeconds(30));
    awaitDeliveredKey(first);

    assertThatThrownBy(() -> billing(dave).delete())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("admission webhook \"audit.rootkey.dev\" denied the request")
                  .contains("spec.deleteProtection: true");
            });
    assertThat(billing(admin).get().isMarkedForDeletion()).isFalse();

    billing(dave)
        .edit(
            r -> {
              r.getSpec().setDeleteProtection(false);
              return r;
            });
    // The operator drops its delete-protection finalizer, so the delete below finishes at once.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> billing(admin).get().getFinalizers().isEmpty());
    billing(dave).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> billing(admin).get() == null);
    audit.awaitAtLeast(NAMESPACE, "billing", 7, Duration.ofSeconds(30));

    List<JsonNode> records = audit.of(NAMESPACE, "billing");
    assertThat(audit.whoDidWhat(NAMESPACE, "billing"))
        .containsExactly(
            "rootkey.created by alice",
            "key.issued by rootkey-operator",
            "rootkey.edited by bob",
            "key.rotated by bob",
            "rootkey.delete_refused by dave",
            "rootkey.edited by dave",
            "rootkey.deleted by dave");

    JsonNode created = records.get(0);
    assertThat(created.path("actor").path("type").asText()).isEqualTo("user");
    assertThat(AuditLines.texts(created.path("actor").path("groups"))).contains(PLATFORM_TEAM);
    assertThat(created.path("source").path("service").asText()).isEqualTo("scanner-webhook");
    assertThat(created.path("source").path("requestUid").asText())
        .as("the API server's uid of the admission request")
        .isNotBlank();
    assertThat(AuditLines.texts(records.get(2).path("details").path("fields")))
        .containsExactly("metadata.annotations.rootkey.dev/rotate");
    assertThat(records.get(3).path("details").path("trigger").asText()).isEqualTo("Manual");
    assertThat(records.get(4).path("details").path("reason").asText())
        .isEqualTo("DeleteProtection");
    assertThat(AuditLines.texts(records.get(5).path("details").path("fields")))
        .containsExactly("spec.deleteProtection");

    // Without a controller manager the owned Secret outlives its RootKey: read it once more.
    deliveredKeys.add(token(secret()));
    assertThat(deliveredKeys).hasSize(2);
    for (String line : audit.raw()) {
      for (String key : deliveredKeys) {
        assertThat(line).doesNotContain(key);
      }
    }
  }

  /**
   * A registration reaches the API server's admission chain through its informers, a moment after
   * the create: until then writes go through unheard (failurePolicy Ignore says nothing). Each
   * attempt creates and annotates a fresh RootKey, and the registration is in effect once the
   * annotation comes back stamped and the edit is recorded: both webhooks were called.
   */
  private static void awaitRegistrationInEffect() {
    AtomicInteger attempt = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String name = "probe-" + attempt.incrementAndGet();
              RootKey probe = rootKey(PROBES, name);
              probe.getSpec().setDeleteProtection(false);
              admin.resource(probe).create();
              RootKey annotated =
                  admin
                      .resources(RootKey.class)
                      .inNamespace(PROBES)
                      .withName(name)
                      .edit(r -> annotate(r, RotationAnnotations.ROTATE, "1"));
              return "admin"
                      .equals(
                          annotated
                              .getMetadata()
                              .getAnnotations()
                              .get(RotationAnnotations.ROTATE_REQUESTED_BY))
                  && audit.operations(PROBES, name).contains("rootkey.edited");
            });
  }

  private static void installCrds() throws Exception {
    for (String plural : List.of("rootkeys", "keyleaks", "keyusages")) {
      CustomResourceDefinition crd;
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      }
      // 1.20 predates the CEL rules (x-kubernetes-validations): an update drops them (the operator
      // validates as well), where a server-side apply refuses the unknown field. Created or
      // updated: the operator's IT may have installed them already.
      admin.resource(crd).createOr(NonDeletingOperation::update);
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              30,
              TimeUnit.SECONDS);
    }
  }

  /** Every RootKey this run made goes, protected or not, and the Secrets no GC will delete. */
  private static void deleteRootKeysAndSecrets() {
    for (String namespace : List.of(NAMESPACE, PROBES)) {
      for (RootKey rootKey :
          admin.resources(RootKey.class).inNamespace(namespace).list().getItems()) {
        if (Boolean.TRUE.equals(rootKey.getSpec().getDeleteProtection())) {
          admin
              .resource(rootKey)
              .edit(
                  r -> {
                    r.getSpec().setDeleteProtection(false);
                    return r;
                  });
        }
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                admin.resources(RootKey.class).inNamespace(namespace).delete();
                return admin
                    .resources(RootKey.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty();
              });
      admin.secrets().inNamespace(namespace).delete();
    }
  }

  private static RootKey billing() {
    return rootKey(NAMESPACE, "billing");
  }

  private static RootKey rootKey(String namespace, String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    spec.setDeleteProtection(true);
    rootKey.setSpec(spec);
    return rootKey;
  }

  private static Resource<RootKey> billing(KubernetesClient client) {
    return client.resources(RootKey.class).inNamespace(NAMESPACE).withName("billing");
  }

  private static RootKey annotate(RootKey rootKey, String annotation, String value) {
    Map<String, String> annotations = new HashMap<>();
    if (rootKey.getMetadata().getAnnotations() != null) {
      annotations.putAll(rootKey.getMetadata().getAnnotations());
    }
    annotations.put(annotation, value);
    rootKey.getMetadata().setAnnotations(annotations);
    return rootKey;
  }

  /** The key in the Secret once it is not {@code previous}; remembered for the final search. */
  private String awaitDeliveredKey(String previous) {
    String key =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> secret() == null ? null : token(secret()),
                token -> token != null && !token.equals(previous));
    deliveredKeys.add(key);
    return key;
  }

  private static Secret secret() {
    return admin.secrets().inNamespace(NAMESPACE).withName("billing").get();
  }

  private static String token(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }
}
