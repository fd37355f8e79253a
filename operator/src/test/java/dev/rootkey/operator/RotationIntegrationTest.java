package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.inState;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.KeyHash;
import dev.rootkey.operator.kube.WorkloadRestarter;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation with real (short) durations: the real operator on the in-process API server. */
@EnableKubernetesMockClient(crud = true)
class RotationIntegrationTest {

  KubernetesClient client;
  private Operator operator;
  private final List<Watch> watches = new ArrayList<>();

  @BeforeEach
  void startOperator() {
    operator = TestRootKeys.startOperator(client);
  }

  @AfterEach
  void stopOperator() {
    watches.forEach(Watch::close);
    operator.stop();
  }

  @Test
  void scheduledRotationsExpireOldKeysOnTimeAndRollTargetsOncePerKey() {
    client.resource(deployment("billing-api", Map.of("app", "billing"))).create();
    client.resource(statefulSet("billing-worker", Map.of("app", "billing"))).create();
    RootKey rootKey = rootKey("billing", "api.*.verify_key");
    rootKey.getSpec().setRotation(rotation("3s", "2s"));
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("PREVIOUS_ROOT_KEY");
    rootKey.getSpec().setSecret(secret);
    rootKey
        .getSpec()
        .setRestartTargets(
            List.of(
                byName(RestartTarget.Kind.Deployment, "billing-api"),
                bySelector(RestartTarget.Kind.StatefulSet, Map.of("app", "billing"))));
    List<String> deliveredKeys = record(Secret.class, s -> token(s, "ROOT_KEY"));
    List<String> deploymentRolls =
        record(Deployment.class, d -> templateAnnotation(d.getSpec().getTemplate()));
    List<String> statefulSetRolls =
        record(StatefulSet.class, s -> templateAnnotation(s.getSpec().getTemplate()));
    client.resource(rootKey).create();

    // Two scheduled rotations: three keys in all.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get(client, "billing").getStatus() != null
                    && get(client, "billing").getStatus().getKeys().size() >= 3);
    RootKey rotated = get(client, "billing");
    KeyRecord first = rotated.getStatus().getKeys().get(2);
    assertThat(first.getReason()).isEqualTo(KeyReason.Rotated);

    // Each replaced key was valid for its grace and turned Expired no earlier than its instant.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state(get(client, "billing"), first.getId()) == KeyState.Expired);
    assertThat(Instant.now()).isAfterOrEqualTo(Instant.parse(first.getExpiresAt()));
    // expiresAt = the replacing key's activation + grace; that key was created just before.
    Instant replacedAt = Instant.parse(rotated.getStatus().getKeys().get(1).getCreatedAt());
    assertThat(Instant.parse(first.getExpiresAt()))
        .isBetween(replacedAt.plusSeconds(2), replacedAt.plusSeconds(3));

    // Rotations go on every 3 s: stop between two of them, with none under way and at least a
    // second before the next, so what is read after the stop is a finished rotation.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              RootKey now = get(client, "billing");
              return inState(now, KeyState.Pending).isEmpty()
                  && now.getStatus().getCurrentKeyId() != null
                  && now.getStatus()
                      .getCurrentKeyId()
                      .equals(now.getStatus().getRestartedForKeyId())
                  && now.getStatus()
                      .getCurrentKeyId()
                      .equals(
                          secret(client, "billing")
                              .getMetadata()
                              .getAnnotations()
                              .get("rootkey.dev/key-id"))
                  && Instant.now()
                      .plusSeconds(1)
                      .isBefore(Instant.parse(now.getStatus().getNextRotationAt()));
            });
    operator.stop();
    RootKey stopped = get(client, "billing");
    List<String> keyIds = stopped.getStatus().getKeys().stream().map(KeyRecord::getId).toList();
    assertThat(stopped.getStatus().getNextRotationAt())
        .isEqualTo(
            Instant.parse(stopped.getStatus().getLastRotationAt()).plusSeconds(3).toString());

    // The Secret's key changed once per new key, never back and forth; each workload was rolled
    // exactly once per key, in order. The test's watches may still be delivering the last ones.
    List<String> newestFirst = new ArrayList<>(keyIds);
    Collections.reverse(newestFirst);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<String> distinct = collapseRepeats(deliveredKeys);
              assertThat(distinct).doesNotHaveDuplicates().hasSize(keyIds.size());
              assertThat(KeyHash.sha256Hex(distinct.get(distinct.size() - 1)))
                  .isEqualTo(inState(stopped, KeyState.Active).get(0).getHash());
              assertThat(collapseRepeats(deploymentRolls)).containsExactlyElementsOf(newestFirst);
              assertThat(collapseRepeats(statefulSetRolls)).containsExactlyElementsOf(newestFirst);
            });
    TestRootKeys.awaitEventReasons(
        client,
        "billing",
        reasons -> assertThat(reasons).contains("KeyIssued", "KeyRotated", "KeyExpired"));
  }

  @Test
  void thePreviousKeyRidesAlongDuringGraceAndLeavesWhenItExpires() {
    RootKey rootKey = rootKey("ledger", "api.*.verify_key");
    rootKey.getSpec().setRotation(rotation(null, "3s"));
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("PREVIOUS_ROOT_KEY");
    rootKey.getSpec().setSecret(secret);
    client.resource(rootKey).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "ledger")));
    String firstKey = token(secret(client, "ledger"), "ROOT_KEY");

    TestRootKeys.annotate(client, "ledger", Map.of("rootkey.dev/rotate", "1"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !firstKey.equals(token(secret(client, "ledger"), "ROOT_KEY")));
    Secret during = secret(client, "ledger");
    assertThat(token(during, "PREVIOUS_ROOT_KEY")).isEqualTo(firstKey);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !secret(client, "ledger").getData().containsKey("PREVIOUS_ROOT_KEY"));
    // The Secret is tidied just before the status records the expiry: wait for that write too.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(inState(get(client, "ledger"), KeyState.Expired)).hasSize(1));
  }

  @Test
  void eachRotateValueRotatesOnceAndGraceZeroRevokesAtOnce() {
    client.resource(rootKey("manual", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "manual")));
    String first = get(client, "manual").getStatus().getCurrentKeyId();

    TestRootKeys.annotate(
        client,
        "manual",
        Map.of("rootkey.dev/rotate", "2026-11-22", "rootkey.dev/rotate-grace", "0s"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !first.equals(get(client, "manual").getStatus().getCurrentKeyId()));
    RootKey rotated = get(client, "manual");
    assertThat(state(rotated, first)).isEqualTo(KeyState.Revoked);
    assertThat(rotated.getStatus().getLastRotateRequest()).isEqualTo("2026-11-22");

    // A GitOps tool re-applying the same value, or stripping it, rotates nothing.
    TestRootKeys.annotate(client, "manual", Map.of("unrelated", "change"));
    removeAnnotation("manual", "rootkey.dev/rotate");
    TestRootKeys.annotate(client, "manual", Map.of("rootkey.dev/rotate", "2026-11-22"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(client, "manual").getStatus().getKeys().size() == 2);
  }

  @Test
  void aGraceOverrideAppliesToTheOneRotationItCameWithAndLaterRotationsUseTheSpecGrace() {
    client.resource(rootKey("oneoff", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "oneoff")));
    String first = get(client, "oneoff").getStatus().getCurrentKeyId();

    TestRootKeys.annotate(
        client, "oneoff", Map.of("rootkey.dev/rotate", "a", "rootkey.dev/rotate-grace", "0s"));
    String second = awaitRotationFrom("oneoff", first);
    assertThat(state(get(client, "oneoff"), first)).isEqualTo(KeyState.Revoked);
    // Used up: the operator took it off, as Argo CD does with its one-shot refresh annotation.
    assertThat(get(client, "oneoff").getMetadata().getAnnotations())
        .containsEntry("rootkey.dev/rotate", "a")
        .doesNotContainKey("rootkey.dev/rotate-grace");

    // A routine rotation later, by the rotate value alone: the spec's grace, not the old override.
    TestRootKeys.annotate(client, "oneoff", Map.of("rootkey.dev/rotate", "b"));
    String third = awaitRotationFrom("oneoff", second);
    KeyRecord replaced = record(get(client, "oneoff"), second);
    assertThat(replaced.getState()).isEqualTo(KeyState.Expiring);
    assertThat(Instant.parse(replaced.getExpiresAt()))
        .isAfter(Instant.now().plus(Duration.ofMinutes(59)));

    // The same override given again with a new rotate value applies again, to that rotation.
    TestRootKeys.annotate(
        client, "oneoff", Map.of("rootkey.dev/rotate", "c", "rootkey.dev/rotate-grace", "0s"));
    awaitRotationFrom("oneoff", third);
    assertThat(state(get(client, "oneoff"), third)).isEqualTo(KeyState.Revoked);
  }

  @Test
  void aGraceOverrideKeptInAGitOpsManifestIsNotUsedAgainByTheNextRotateValue() {
    client.resource(rootKey("gitops", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "gitops")));
    String first = get(client, "gitops").getStatus().getCurrentKeyId();

    applyManifestAnnotations("gitops", "a", "0s");
    String second = awaitRotationFrom("gitops", first);
    assertThat(state(get(client, "gitops"), first)).isEqualTo(KeyState.Revoked);

    // The tool puts the manifest back as it is in git: nothing rotates.
    applyManifestAnnotations("gitops", "a", "0s");
    // The operator notes the override it sees again, so no later rotate value picks it up.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "0s".equals(get(client, "gitops").getStatus().getLastRotateGrace()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.equals(get(client, "gitops").getStatus().getCurrentKeyId()));

    // Git changes the rotate value and keeps the old override: the spec's grace applies.
    applyManifestAnnotations("gitops", "b", "0s");
    awaitRotationFrom("gitops", second);
    assertThat(state(get(client, "gitops"), second)).isEqualTo(KeyState.Expiring);
    TestRootKeys.awaitEventReasons(
        client, "gitops", reasons -> assertThat(reasons).containsOnlyOnce("RotateGraceIgnored"));
  }

  /** What a GitOps tool applying a manifest with these two annotations leaves on the RootKey. */
  private void applyManifestAnnotations(String name, String rotate, String grace) {
    TestRootKeys.annotate(
        client, name, Map.of("rootkey.dev/rotate", rotate, "rootkey.dev/rotate-grace", grace));
  }

  private String awaitRotationFrom(String name, String keyId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              RootKey rootKey = get(client, name);
              return !keyId.equals(rootKey.getStatus().getCurrentKeyId())
                  && isReady(rootKey)
                  && rootKey.getStatus().getIssuing() == null;
            });
    return get(client, name).getStatus().getCurrentKeyId();
  }

  private static KeyRecord record(RootKey rootKey, String keyId) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(keyId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anExpiredRootKeyExpiresEveryKeyAndRefusesRotation() {
    RootKey rootKey = rootKey("shortlived", "api.*.verify_key");
    rootKey.getSpec().setExpiresAt(Instant.now().plusSeconds(3).toString());
    rootKey.getSpec().setRotation(rotation(null, "1h"));
    client.resource(rootKey).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "shortlived")));
    TestRootKeys.annotate(client, "shortlived", Map.of("rootkey.dev/rotate", "before-expiry"));
    // Two records and none Pending: the rotation is done, not between its steps.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get(client, "shortlived").getStatus().getKeys().size() == 2
                    && inState(get(client, "shortlived"), KeyState.Pending).isEmpty());
    KeyRecord replaced = get(client, "shortlived").getStatus().getKeys().get(1);
    assertThat(Instant.parse(replaced.getExpiresAt()))
        .as("the 1h grace is capped by the RootKey's expiry")
        .isEqualTo(
            Instant.parse(rootKey.getSpec().getExpiresAt())
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(client, "shortlived").getStatus().getPhase() == Phase.Expired);
    RootKey expired = get(client, "shortlived");
    assertThat(expired.getStatus().getKeys()).allMatch(k -> k.getState() == KeyState.Expired);

    TestRootKeys.annotate(client, "shortlived", Map.of("rootkey.dev/rotate", "after-expiry"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> TestRootKeys.eventReasons(client, "shortlived").contains("RotationRefused"));
    RootKey refused = get(client, "shortlived");
    assertThat(refused.getStatus().getKeys()).hasSize(2);
    assertThat(refused.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Rotatable");
              assertThat(c.getMessage()).contains("create a new RootKey");
            });
    TestRootKeys.awaitEventReasons(
        client,
        "shortlived",
        reasons -> assertThat(reasons).containsOnlyOnce("RotationRefused", "RootKeyExpired"));
  }

  @Test
  void aMissingRestartTargetIsReportedAndDoesNotBlockTheKey() {
    RootKey rootKey = rootKey("orphan", "api.*.verify_key");
    rootKey.getSpec().setRestartTargets(List.of(byName(RestartTarget.Kind.DaemonSet, "gone")));
    client.resource(rootKey).create();

    // Ready comes with the key; the restart report follows right after it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                isReady(get(client, "orphan"))
                    && get(client, "orphan").getStatus().getRestartedForKeyId() != null);
    assertThat(get(client, "orphan").getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("RestartTargetsFound");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getMessage()).contains("DaemonSet gone");
            });
    TestRootKeys.awaitEventReasons(
        client,
        "orphan",
        reasons -> assertThat(reasons).contains("RestartTargetMissing", "KeyIssued"));
  }

  private static RotationSpec rotation(String interval, String grace) {
    RotationSpec rotation = new RotationSpec();
    rotation.setInterval(interval);
    rotation.setGracePeriod(grace);
    return rotation;
  }

  private static RestartTarget byName(RestartTarget.Kind kind, String name) {
    RestartTarget target = new RestartTarget();
    target.setKind(kind);
    target.setName(name);
    return target;
  }

  private static RestartTarget bySelector(RestartTarget.Kind kind, Map<String, String> labels) {
    RestartTarget target = new RestartTarget();
    target.setKind(kind);
    target.setSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    return target;
  }

  private static Deployment deployment(String name, Map<String, String> labels) {
    return new DeploymentBuilder()
        .withMetadata(workloadMetadata(name, labels))
        .withNewSpec()
        .withTemplate(podTemplate(labels))
        .endSpec()
        .build();
  }

  private static StatefulSet statefulSet(String name, Map<String, String> labels) {
    return new StatefulSetBuilder()
        .withMetadata(workloadMetadata(name, labels))
        .withNewSpec()
        .withTemplate(podTemplate(labels))
        .endSpec()
        .build();
  }

  private static ObjectMeta workloadMetadata(String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withLabels(labels)
        .build();
  }

  private static PodTemplateSpec podTemplate(Map<String, String> labels) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata().build();
  }

  private static String templateAnnotation(PodTemplateSpec t) {
    Map<String, String> annotations = t.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(WorkloadRestarter.RESTARTED_FOR_KEY_ANNOTATION);
  }

  /** Every value {@code view} takes over the objects' adds and modifications, in order. */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<String> record(
      Class<T> type, java.util.function.Function<T, String> view) {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    watches.add(
        client
            .resources(type)
            .inNamespace(NAMESPACE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, T resource) {
                    if (action != Action.DELETED) {
                      String value = view.apply(resource);
                      if (value != null) {
                        seen.add(value);
                      }
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    return seen;
  }

  private static List<String> collapseRepeats(List<String> values) {
    List<String> result = new ArrayList<>();
    synchronized (values) {
      for (String value : values) {
        if (result.isEmpty() || !result.get(result.size() - 1).equals(value)) {
          result.add(value);
        }
      }
    }
    return result;
  }

  private static KeyState state(RootKey rootKey, String keyId) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(keyId))
        .map(KeyRecord::getState)
        .findFirst()
        .orElse(null);
  }

  private void removeAnnotation(String name, String key) {
    TestRootKeys.edit(
        client,
        name,
        r -> {
          Map<String, String> all = new HashMap<>(r.getMetadata().getAnnotations());
          all.remove(key);
          r.getMetadata().setAnnotations(all);
        });
  }
}
