package dev.rootkey.operator;

import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** RootKeys, CRDs and Secret reads shared by the operator tests. */
final class TestRootKeys {

  static final String NAMESPACE = "payments";

  /** The seal key of every operator in a test JVM: one restarted keeps trusting its records. */
  static final RecordSeal SEAL = RecordSeal.random(new SecureRandom());

  private TestRootKeys() {}

  /**
   * Installs the CRDs generated from the API types, as a user would before running the operator.
   */
  static void installCrd(KubernetesClient client) {
    for (String plural : List.of("rootkeys", "keyleaks", "keyusages")) {
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Installs the CRDs and starts the production operator against the in-process API server. */
  static Operator startOperator(KubernetesClient client) {
    installCrd(client);
    Operator operator =
        RootKeyOperator.create(
            client, Clock.systemUTC(), new KeyGenerator(new SecureRandom()), SEAL, Set.of());
    operator.start();
    return operator;
  }

  /** Creates a RootKey with spec.deleteProtection and waits until it is Ready and held. */
  static void createProtected(KubernetesClient client, String name) {
    RootKey rootKey = rootKey(name, "api.*.verify_key");
    rootKey.getSpec().setDeleteProtection(true);
    client.resource(rootKey).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                isReady(get(client, name))
                    && get(client, name).hasFinalizer(DeleteProtection.FINALIZER));
  }

  /** Adds or replaces annotations on a RootKey, as `kubectl annotate --overwrite` does. */
  static void annotate(KubernetesClient client, String name, Map<String, String> annotations) {
    edit(
        client,
        name,
        r -> {
          Map<String, String> all = new HashMap<>();
          if (r.getMetadata().getAnnotations() != null) {
            all.putAll(r.getMetadata().getAnnotations());
          }
          all.putAll(annotations);
          r.getMetadata().setAnnotations(all);
        });
  }

  /** Changes a RootKey as {@code kubectl edit} does: read, changed, written back. */
  static void edit(KubernetesClient client, String name, Consumer<RootKey> change) {
    client
        .resources(RootKey.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            r -> {
              change.accept(r);
              return r;
            });
  }

  /** Changes a RootKey's spec as {@code kubectl edit} does. */
  static void editSpec(KubernetesClient client, String name, Consumer<RootKeySpec> change) {
    edit(client, name, r -> change.accept(r.getSpec()));
  }

  /** The reasons of the Events about a RootKey, oldest first. */
  static List<String> eventReasons(KubernetesClient client, String rootKeyName) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> rootKeyName.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  /**
   * Waits until the reasons of the Events on a RootKey pass {@code check}: the operator records an
   * Event after the writes it reports, from a thread of its own.
   */
  static void awaitEventReasons(
      KubernetesClient client, String rootKeyName, Consumer<List<String>> check) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> check.accept(eventReasons(client, rootKeyName)));
  }

  /** What the scanner-webhook writes when GitHub reports this key. */
  static void reportLeak(KubernetesClient client, String rootKeyName, KeyRecord record) {
    reportLeak(
        client, rootKeyName, record, "https://github.com/octocat/Hello-World/blob/main/.env");
  }

  /** As {@link #reportLeak(KubernetesClient, String, KeyRecord)}, found at {@code url}. */
  static void reportLeak(
      KubernetesClient client, String rootKeyName, KeyRecord record, String url) {
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(
        new ObjectMetaBuilder()
            .withName(KeyLeak.nameFor(record.getId()))
            .withNamespace(NAMESPACE)
            .build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey(rootKeyName);
    spec.setKeyId(record.getId());
    spec.setTokenHash(record.getHash());
    spec.setUrl(url);
    spec.setSource("content");
    spec.setType("rootkey_root_key");
    spec.setReporter("github-secret-scanning");
    spec.setReportedAt("2026-11-22T10:00:00Z");
    leak.setSpec(spec);
    client.resource(leak).create();
  }

  static RootKey rootKey(String name, String... permissions) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of(permissions));
    rootKey.setSpec(spec);
    return rootKey;
  }

  static RootKey withSecret(
      RootKey rootKey, String secretName, Map<String, String> labels, Map<String, String> notes) {
    SecretTarget target = new SecretTarget();
    target.setName(secretName);
    target.setLabels(labels);
    target.setAnnotations(notes);
    rootKey.getSpec().setSecret(target);
    return rootKey;
  }

  static RootKey get(KubernetesClient client, String name) {
    return client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
  }

  static Secret secret(KubernetesClient client, String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }

  static String token(Secret secret, String dataKey) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(dataKey)), StandardCharsets.UTF_8);
  }

  static List<KeyRecord> inState(RootKey rootKey, KeyState state) {
    return rootKey.getStatus().getKeys().stream().filter(k -> k.getState() == state).toList();
  }

  /** Whether the RootKey has condition {@code type} with this status and reason. */
  static boolean hasCondition(RootKey rootKey, String type, String status, String reason) {
    return rootKey != null
        && rootKey.getStatus() != null
        && rootKey.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    type.equals(c.getType())
                        && status.equals(c.getStatus())
                        && reason.equals(c.getReason()));
  }

  static boolean isReady(RootKey rootKey) {
    return rootKey != null
        && rootKey.getStatus() != null
        && rootKey.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Waits for what a user of the key waits for after a rotation: the RootKey Ready with a current
   * key not in {@code previous}, Active, and in the Secret. Returns the RootKey as it was then.
   */
  static RootKey awaitNewKeyDelivered(KubernetesClient client, String name, Set<String> previous) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(client, name), r -> deliversNewKey(client, r, previous));
  }

  private static boolean deliversNewKey(
      KubernetesClient client, RootKey rootKey, Set<String> previous) {
    if (!isReady(rootKey)) {
      return false;
    }
    String current = rootKey.getStatus().getCurrentKeyId();
    Secret secret = secret(client, DeliveryTarget.of(rootKey).secretName());
    return current != null
        && !previous.contains(current)
        && inState(rootKey, KeyState.Active).stream().anyMatch(k -> k.getId().equals(current))
        && secret != null
        && current.equals(secret.getMetadata().getAnnotations().get("rootkey.dev/key-id"));
  }

  static String readyReason(RootKey rootKey) {
    if (rootKey == null || rootKey.getStatus() == null) {
      return null;
    }
    return rootKey.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }
}
