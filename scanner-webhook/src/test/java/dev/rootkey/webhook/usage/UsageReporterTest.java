package dev.rootkey.webhook.usage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyHash;
import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.verify.CallerAddress;
import dev.rootkey.webhook.verify.KeyVerifier;
import dev.rootkey.webhook.verify.VerificationCounts;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The reporter against the mock API server, driven tick by tick with a test clock. */
@EnableKubernetesMockClient(crud = true)
class UsageReporterTest {

  private static final Instant START = Instant.parse("2026-12-05T12:00:00Z");
  private static final String REPLICA = "rootkey-webhook-5d9f7-x";
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration ACTIVE_INTERVAL = Duration.ofMinutes(5);

  KubernetesClient client;
  KubernetesMockServer server;

  private final TestingClock clock = new TestingClock(START);
  private final TableKeyIndex index = new TableKeyIndex();
  private final KeyVerifier verifier = new KeyVerifier(index, clock, new VerificationCounts());
  private final CallerAddress caller = CallerAddress.of(InetAddress.getLoopbackAddress());
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private UsageReporter reporter;

  @BeforeEach
  void start() throws Exception {
    try (InputStream yaml =
        RootKey.class.getResourceAsStream("/META-INF/fabric8/keyusages.rootkey.dev-v1.yml")) {
      client.resource(Serialization.unmarshal(yaml, CustomResourceDefinition.class)).create();
    }
    reporter = reporter(new KubernetesKeyUsageWriter(client, REPLICA));
    logger().addAppender(logs);
    logs.start();
    writes();
  }

  @AfterEach
  void stop() {
    reporter.close(Duration.ofSeconds(5));
    logger().detachAppender(logs);
  }

  @Test
  void tenThousandVerificationsOfAFewKeysWriteAtMostOncePerRootKeyPerInterval() throws Exception {
    List<String> tokens =
        List.of(
            index.add("billing", KeyState.Expiring),
            index.add("search", KeyState.Expiring),
            index.add("ledger", KeyState.Active));

    // 10 s of verifications, one a millisecond, with a reporter tick every 100 ms.
    for (int i = 0; i < 10_000; i++) {
      clock.advance(Duration.ofMillis(1));
      verifier.verify(tokens.get(i % tokens.size()), List.of(), caller);
      if (i % 100 == 99) {
        reporter.reportDue();
      }
    }

    Map<String, Integer> writes = writes();
    // Expiring keys: the first tick, then one per 2 s interval.
    assertThat(writes.get(usageName("billing"))).isBetween(2, 5);
    assertThat(writes.get(usageName("search"))).isBetween(2, 5);
    // Only an Active key: reported at once, then not again within 5 minutes.
    assertThat(writes.get(usageName("ledger"))).isEqualTo(1);
    assertThat(writes).hasSize(3);
    assertThat(lastUsed("billing")).containsOnlyKeys(index.keyId(KeyHash.sha256Hex(tokens.get(0))));
  }

  /**
   * The measure, at 1,000 RootKeys verified every second for about 5 minutes: the writes
   * follow the RootKeys and the intervals, not the 300,000 verifications.
   */
  @Test
  void aThousandRootKeysVerifiedEverySecondCostAtMostOneWriteEachPerInterval() {
    Map<RootKeyRef, Integer> writes = new java.util.HashMap<>();
    reporter.close(Duration.ofSeconds(5));
    reporter =
        atDefaultIntervals((rootKey, lastUsed, at) -> writes.merge(rootKey, 1, Integer::sum));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      tokens.add(index.add("rk-" + i, KeyState.Active));
    }

    for (int second = 0; second < 301; second++) {
      clock.advance(Duration.ofSeconds(1));
      tokens.forEach(token -> verifier.verify(token, List.of(), caller));
      reporter.reportDue();
    }

    // Active keys: the first report at once (second 1), the next 5 minutes later (second 301), so
    // 200 writes a minute at most.
    assertThat(writes)
        .hasSize(1_000)
        .allSatisfy((rootKey, count) -> assertThat(count).isEqualTo(2));

    // All of them rotated, old keys still in use (their expiry far off): one write per RootKey per
    // 10 s, 6 a minute each.
    writes.clear();
    tokens.forEach(token -> index.setState(KeyHash.sha256Hex(token), KeyState.Expiring));
    for (int second = 0; second < 60; second++) {
      clock.advance(Duration.ofSeconds(1));
      tokens.forEach(token -> verifier.verify(token, List.of(), caller));
      reporter.reportDue();
    }
    assertThat(writes)
        .hasSize(1_000)
        .allSatisfy((rootKey, count) -> assertThat(count).isEqualTo(6));
  }

  /**
   * gracePeriod 5s, idleTimeout 10s, the default 10 s interval: each use of the old key is written
   * while the operator can still extend it (REPORT_LEAD before its expiry), not an interval later,
   * when it would have retired; and only as often as that needs.
   */
  @Test
  void aKeyInGraceIsReportedBeforeItWouldRetireThoughTheIntervalIsLonger() {
    List<Instant> written = new ArrayList<>();
    reporter.close(Duration.ofSeconds(5));
    reporter = atDefaultIntervals((rootKey, lastUsed, at) -> written.add(clock.instant()));
    String token = index.add("legacy-batch", KeyState.Expiring);
    String hash = KeyHash.sha256Hex(token);
    index.setExpiresAt(hash, START.plusSeconds(5));

    for (int second = 1; second <= 20; second++) {
      clock.advance(Duration.ofSeconds(1));
      verifier.verify(token, List.of(), caller);
      int before = written.size();
      reporter.reportDue();
      if (written.size() > before) {
        // The operator extends the key to idleTimeout after the use it was told of.
        index.setExpiresAt(hash, clock.instant().plusSeconds(10));
      }
    }

    // At once (the key then expires 11 s after the start), then 3 s before each expiry: at 8 s
    // (expiry 11 s, moved to 18 s), at 15 s (moved to 25 s); never an interval later, when the key
    // would have retired unheard.
    assertThat(written)
        .containsExactly(START.plusSeconds(1), START.plusSeconds(8), START.plusSeconds(15));
  }

  @Test
  void aKeyInGraceFarFromItsExpiryIsReportedEveryIntervalOnly() {
    List<Instant> written = new ArrayList<>();
    reporter.close(Duration.ofSeconds(5));
    reporter = atDefaultIntervals((rootKey, lastUsed, at) -> written.add(clock.instant()));
    String token = index.add("billing", KeyState.Expiring);
    index.setExpiresAt(KeyHash.sha256Hex(token), START.plus(Duration.ofHours(1)));

    for (int second = 1; second <= 25; second++) {
      clock.advance(Duration.ofSeconds(1));
      verifier.verify(token, List.of(), caller);
      reporter.reportDue();
    }

    assertThat(written)
        .containsExactly(START.plusSeconds(1), START.plusSeconds(11), START.plusSeconds(21));
  }

  @Test
  void aKeyWhoseTimeDidNotMoveCausesNoWrite() throws Exception {
    String token = index.add("billing", KeyState.Expiring);
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();
    assertThat(writes()).containsOnlyKeys(usageName("billing"));

    // Within the same second: the time does not move.
    clock.advance(Duration.ofMillis(500));
    verifier.verify(token, List.of(), caller);
    for (int tick = 0; tick < 10; tick++) {
      clock.advance(Duration.ofMinutes(1));
      reporter.reportDue();
    }

    assertThat(writes()).isEmpty();
  }

  @Test
  void theFirstReportCreatesTheKeyUsageOwnedByItsRootKeyAndLaterOnesPatchOnlyWhatMoved()
      throws Exception {
    String expiring = index.add("billing", KeyState.Expiring);
    String expiringId = index.keyId(KeyHash.sha256Hex(expiring));
    verifier.verify(expiring, List.of(), caller);

    reporter.reportDue();

    KeyUsage usage = usage("billing");
    assertThat(usage.getSpec().getRootKey()).isEqualTo("billing");
    assertThat(usage.getSpec().getRootKeyUid()).isEqualTo("uid-billing");
    assertThat(usage.getSpec().getReplica()).isEqualTo(REPLICA);
    assertThat(usage.getSpec().getLastUsed()).isEqualTo(Map.of(expiringId, START.toString()));
    assertThat(usage.getSpec().getReportedAt()).isEqualTo(START.toString());
    assertThat(usage.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("rootkey.dev/v1alpha1");
              assertThat(owner.getKind()).isEqualTo("RootKey");
              assertThat(owner.getName()).isEqualTo("billing");
              assertThat(owner.getUid()).isEqualTo("uid-billing");
              assertThat(owner.getController()).isFalse();
              assertThat(owner.getBlockOwnerDeletion()).isFalse();
            });
    List<String> first = requests();
    assertThat(first).containsExactly("PATCH", "POST");

    clock.advance(Duration.ofMillis(2_400));
    verifier.verify(expiring, List.of(), caller);
    reporter.reportDue();

    assertThat(requests()).containsExactly("PATCH");
    KeyUsage patched = usage("billing");
    assertThat(patched.getMetadata().getUid()).isEqualTo(usage.getMetadata().getUid());
    // Whole seconds, rounded down.
    assertThat(patched.getSpec().getLastUsed())
        .isEqualTo(Map.of(expiringId, START.plusSeconds(2).toString()));
  }

  @Test
  void aKeyUsageTheOperatorDeletedIsCreatedAgainAtTheNextReport() throws Exception {
    String token = index.add("billing", KeyState.Expiring);
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();
    String firstUid = usage("billing").getMetadata().getUid();
    client.resource(usage("billing")).delete();

    clock.advance(Duration.ofSeconds(3));
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();

    KeyUsage again = usage("billing");
    assertThat(again.getMetadata().getUid()).isNotEqualTo(firstUid);
    assertThat(again.getSpec().getLastUsed())
        .containsValue(START.plusSeconds(3).toString())
        .hasSize(1);
  }

  @Test
  void anActiveKeyIsReportedAtOnceThenAtTheActiveIntervalOrAsSoonAsItIsExpiring() throws Exception {
    String token = index.add("billing", KeyState.Active);
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();
    assertThat(writes()).hasSize(1);

    clock.advance(Duration.ofSeconds(3));
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();
    assertThat(writes()).as("an Active key within 5 minutes").isEmpty();

    // Rotated: the same waiting use now decides a grace period, so it goes within the interval.
    index.setState(KeyHash.sha256Hex(token), KeyState.Expiring);
    reporter.reportDue();
    assertThat(writes()).hasSize(1);
    assertThat(lastUsed("billing")).containsValue(START.plusSeconds(3).toString());

    clock.advance(Duration.ofSeconds(1));
    index.setState(KeyHash.sha256Hex(token), KeyState.Active);
    verifier.verify(token, List.of(), caller);
    clock.advance(ACTIVE_INTERVAL.minusSeconds(2));
    reporter.reportDue();
    assertThat(writes()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    reporter.reportDue();
    assertThat(writes()).hasSize(1);
  }

  @Test
  void aFailedWriteIsLoggedWithoutTheKeyAndSentAgainAtTheNextTick() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    KeyUsageWriter real = new KubernetesKeyUsageWriter(client, REPLICA);
    reporter.close(Duration.ofSeconds(5));
    reporter =
        reporter(
            (rootKey, lastUsed, reportedAt) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("API server unavailable");
              }
              real.write(rootKey, lastUsed, reportedAt);
            });
    String token = index.add("billing", KeyState.Expiring);
    verifier.verify(token, List.of(), caller);

    reporter.reportDue();
    assertThat(usageOrNull("billing")).isNull();

    reporter.reportDue();
    assertThat(lastUsed("billing")).containsValue(START.toString());
    assertThat(logs.list)
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("payments/billing"));
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(token));
  }

  @Test
  void theCellOfAKeyThatLeftTheIndexIsDroppedOnceItsUseWasReported() throws Exception {
    String token = index.add("billing", KeyState.Expiring);
    String quiet = index.add("search", KeyState.Active);
    verifier.verify(token, List.of(), caller);
    index.find(KeyHash.sha256Hex(quiet));
    index.remove(KeyHash.sha256Hex(token));
    index.remove(KeyHash.sha256Hex(quiet));

    reporter.reportDue();
    assertThat(lastUsed("billing")).hasSize(1);
    assertThat(index.table.size()).as("the reported cell waits for the next sweep").isEqualTo(1);

    clock.advance(ACTIVE_INTERVAL);
    reporter.reportDue();
    assertThat(index.table.size()).isZero();
  }

  @Test
  void closingWritesWhatIsWaitingThoughItIsNotDue() throws Exception {
    String token = index.add("billing", KeyState.Active);
    verifier.verify(token, List.of(), caller);
    reporter.reportDue();
    clock.advance(Duration.ofSeconds(30));
    verifier.verify(token, List.of(), caller);

    reporter.close(Duration.ofSeconds(10));

    assertThat(lastUsed("billing")).containsValue(START.plusSeconds(30).toString());
  }

  private UsageReporter reporter(KeyUsageWriter writer) {
    return new UsageReporter(index.table, index, writer, clock, INTERVAL, ACTIVE_INTERVAL);
  }

  /** A reporter at the production default intervals, writing through {@code writer}. */
  private UsageReporter atDefaultIntervals(KeyUsageWriter writer) {
    return new UsageReporter(
        index.table, index, writer, clock, UsageReportConfig.DEFAULT_INTERVAL, ACTIVE_INTERVAL);
  }

  private static String usageName(String rootKey) {
    return KeyUsage.nameFor(rootKey, REPLICA);
  }

  private KeyUsage usageOrNull(String rootKey) {
    return client
        .resources(KeyUsage.class)
        .inNamespace("payments")
        .withName(usageName(rootKey))
        .get();
  }

  private KeyUsage usage(String rootKey) {
    KeyUsage usage = usageOrNull(rootKey);
    assertThat(usage).as("KeyUsage of %s", rootKey).isNotNull();
    return usage;
  }

  private Map<String, String> lastUsed(String rootKey) {
    return usage(rootKey).getSpec().getLastUsed();
  }

  /** Write attempts (one PATCH each) per KeyUsage name since the last call. */
  private Map<String, Integer> writes() throws InterruptedException {
    Map<String, Integer> writes = new TreeMap<>();
    for (RecordedRequest request : drain()) {
      if (request.getMethod().equals("PATCH") && request.getPath().contains("/keyusages/")) {
        String path = request.getPath();
        writes.merge(path.substring(path.lastIndexOf('/') + 1), 1, Integer::sum);
      }
    }
    return writes;
  }

  /** The methods of the KeyUsage requests since the last call, oldest first. */
  private List<String> requests() throws InterruptedException {
    return drain().stream()
        .filter(r -> r.getPath().contains("/keyusages"))
        .filter(r -> !r.getMethod().equals("GET"))
        .map(RecordedRequest::getMethod)
        .toList();
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest request = server.takeRequest(0, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
      requests.add(request);
    }
    return requests;
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(UsageReporter.class);
  }
}
