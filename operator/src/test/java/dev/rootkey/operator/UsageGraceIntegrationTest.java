package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.hasCondition;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scanner-webhook's usage reports, written here as its replicas write them, reaching the
 * RootKey's status through the real operator on the in-process API server.
 */
@EnableKubernetesMockClient(crud = true)
class UsageGraceIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  KubernetesClient client;
  private Operator operator;
  private AuditLines audit;
  private final List<Watch> watches = new ArrayList<>();

  @BeforeEach
  void start() {
    audit = AuditLines.capture();
    operator = TestRootKeys.startOperator(client);
  }

  @AfterEach
  void stop() {
    watches.forEach(Watch::close);
    operator.stop();
    audit.close();
  }

  @Test
  void aReportedUseReachesStatusAndKeepsTheReplacedKeyValidIdleTimeoutPastIt() {
    RootKey billing = create("billing", rotation("1s", "1h", "10m"));
    KeyRecord first = current(billing);
    Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    report(billing, "webhook-0", Map.of(first.getId(), used.toString()), used);
    await()
        .atMost(PATIENCE)
        .until(() -> used.toString().equals(record("billing", first.getId()).getLastUsedAt()));

    rotate("billing", "1");
    KeyRecord replaced =
        await()
            .atMost(PATIENCE)
            .until(() -> record("billing", first.getId()), r -> r.getState() == KeyState.Expiring);

    assertThat(replaced.getReplacedAt()).isNotNull();
    assertThat(replaced.getExpiresAt()).isEqualTo(used.plus(Duration.ofMinutes(10)).toString());
    assertThat(hasCondition(get(client, "billing"), "PreviousKeyInUse", "True", "InUse")).isTrue();
    await()
        .atMost(PATIENCE)
        .until(() -> events("billing", "GracePeriodExtended"), e -> e.size() == 1);
    assertThat(events("billing", "GracePeriodExtended").get(0).getMessage())
        .contains(first.getId(), "idleTimeout 10m");
  }

  @Test
  void aKeyUsedToTheEndRetiresAtMaxGracePeriodAndItsAuditRecordSaysSo() {
    RootKey billing = create("billing", rotation("1s", "3s", "1h"));
    KeyRecord first = current(billing);
    Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    report(billing, "webhook-0", Map.of(first.getId(), used.toString()), used);
    await()
        .atMost(PATIENCE)
        .until(() -> used.toString().equals(record("billing", first.getId()).getLastUsedAt()));

    rotate("billing", "1");
    KeyRecord expired =
        await()
            .atMost(PATIENCE)
            .until(() -> record("billing", first.getId()), r -> r.getState() == KeyState.Expired);

    assertThat(Instant.parse(expired.getExpiresAt()))
        .isEqualTo(Instant.parse(expired.getReplacedAt()).plusSeconds(3));
    JsonNode retired =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    audit.of(NAMESPACE, "billing").stream()
                        .filter(r -> "key.expired".equals(r.path("operation").asText()))
                        .toList(),
                records -> records.size() == 1)
            .get(0);
    assertThat(retired.path("key").path("id").asText()).isEqualTo(first.getId());
    assertThat(retired.path("details").path("endedBy").asText()).isEqualTo("maxGracePeriod");
    assertThat(retired.path("details").path("lastUsedAt").asText()).isEqualTo(used.toString());
    await().atMost(PATIENCE).until(() -> events("billing", "KeyExpired"), e -> e.size() == 1);
    assertThat(events("billing", "KeyExpired").get(0).getMessage()).contains("maxGracePeriod 3s");
    assertThat(hasCondition(get(client, "billing"), "PreviousKeyInUse", "False", "NoPreviousKey"))
        .isTrue();
  }

  @Test
  void previousKeyInUseTurnsIdleIdleTimeoutAfterTheLastUseWithNothingElseHappening() {
    RootKey billing = create("billing", rotation("1h", null, "5s"));
    KeyRecord first = current(billing);
    rotate("billing", "1");
    await()
        .atMost(PATIENCE)
        .until(() -> record("billing", first.getId()).getState() == KeyState.Expiring);
    List<String> seen = watchPreviousKeyInUse("billing");

    // A time ahead of the operator's counts as the moment it is folded in.
    Instant ahead = Instant.now().plus(Duration.ofDays(1));
    report(billing, "webhook-0", Map.of(first.getId(), ahead.toString()), Instant.now());

    Condition idle =
        await()
            .atMost(PATIENCE)
            .until(
                () -> previousKeyInUse("billing"),
                c -> seen.contains("InUse") && "Idle".equals(c.getReason()));
    Instant lastUsed = Instant.parse(record("billing", first.getId()).getLastUsedAt());
    assertThat(lastUsed).isBefore(ahead);
    assertThat(Instant.parse(idle.getLastTransitionTime()))
        .isAfterOrEqualTo(lastUsed.plusSeconds(5));
    assertThat(seen).containsSubsequence("InUse", "Idle");
    assertThat(record("billing", first.getId()).getState()).isEqualTo(KeyState.Expiring);
  }

  @Test
  void reportsAboutAnotherRootKeyAndThoseOfAReplicaGoneAreDeletedOnceFolded() {
    RootKey billing = create("billing", rotation("1h", null, null));
    KeyRecord first = current(billing);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant twoHoursAgo = now.minus(Duration.ofHours(2));
    KeyUsage live = report(billing, "webhook-live", Map.of(first.getId(), now.toString()), now);
    KeyUsage foreign =
        usage(billing, "webhook-earlier", Map.of(first.getId(), now.toString()), now);
    foreign.getSpec().setRootKeyUid("uid-of-an-earlier-billing");
    client.resource(foreign).create();
    report(billing, "webhook-gone", Map.of(first.getId(), twoHoursAgo.toString()), twoHoursAgo);

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                usageNames().equals(List.of(live.getMetadata().getName()))
                    && now.toString().equals(record("billing", first.getId()).getLastUsedAt()));
  }

  private RootKey create(String name, RotationSpec rotation) {
    RootKey rootKey = rootKey(name, "api.*.verify_key");
    rootKey.getSpec().setRotation(rotation);
    client.resource(rootKey).create();
    return await().atMost(PATIENCE).until(() -> get(client, name), TestRootKeys::isReady);
  }

  private static RotationSpec rotation(String grace, String maxGrace, String idle) {
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod(grace);
    rotation.setMaxGracePeriod(maxGrace);
    rotation.setIdleTimeout(idle);
    return rotation;
  }

  private void rotate(String name, String value) {
    TestRootKeys.annotate(client, name, Map.of(RotationAnnotations.ROTATE, value));
  }

  /** As a scanner-webhook replica writes its report: one per RootKey and replica, owned by it. */
  private KeyUsage report(
      RootKey rootKey, String replica, Map<String, String> lastUsed, Instant reportedAt) {
    return client.resource(usage(rootKey, replica, lastUsed, reportedAt)).create();
  }

  private static KeyUsage usage(
      RootKey rootKey, String replica, Map<String, String> lastUsed, Instant reportedAt) {
    KeyUsageSpec spec = new KeyUsageSpec();
    spec.setRootKey(rootKey.getMetadata().getName());
    spec.setRootKeyUid(rootKey.getMetadata().getUid());
    spec.setReplica(replica);
    spec.setLastUsed(new LinkedHashMap<>(lastUsed));
    spec.setReportedAt(reportedAt.toString());
    KeyUsage usage = new KeyUsage();
    usage.setMetadata(
        new ObjectMetaBuilder()
            .withName(rootKey.getMetadata().getName() + "." + replica)
            .withNamespace(NAMESPACE)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(rootKey.getApiVersion())
                    .withKind(rootKey.getKind())
                    .withName(rootKey.getMetadata().getName())
                    .withUid(rootKey.getMetadata().getUid())
                    .build())
            .build());
    usage.setSpec(spec);
    return usage;
  }

  private List<String> usageNames() {
    return client.resources(KeyUsage.class).inNamespace(NAMESPACE).list().getItems().stream()
        .map(u -> u.getMetadata().getName())
        .toList();
  }

  private KeyRecord current(RootKey rootKey) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(rootKey.getStatus().getCurrentKeyId()))
        .findFirst()
        .orElseThrow();
  }

  private KeyRecord record(String name, String id) {
    return get(client, name).getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private Condition previousKeyInUse(String name) {
    RootKey rootKey = get(client, name);
    return rootKey.getStatus().getConditions().stream()
        .filter(c -> "PreviousKeyInUse".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private List<Event> events(String rootKeyName, String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> rootKeyName.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** Every reason of PreviousKeyInUse the RootKey's status shows from now on, in order. */
  private List<String> watchPreviousKeyInUse(String name) {
    List<String> reasons = Collections.synchronizedList(new ArrayList<>());
    watches.add(
        client
            .resources(RootKey.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, RootKey rootKey) {
                    if (rootKey.getStatus() == null) {
                      return;
                    }
                    rootKey.getStatus().getConditions().stream()
                        .filter(c -> "PreviousKeyInUse".equals(c.getType()))
                        .map(Condition::getReason)
                        .filter(
                            r -> reasons.isEmpty() || !r.equals(reasons.get(reasons.size() - 1)))
                        .forEach(reasons::add);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    return reasons;
  }
}
