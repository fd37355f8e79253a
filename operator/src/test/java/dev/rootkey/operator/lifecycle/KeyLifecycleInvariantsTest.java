package dev.rootkey.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.apply.KeyJournal;
import dev.rootkey.operator.apply.Reporter;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.metrics.KeyMetrics;
import dev.rootkey.operator.plan.RotationPolicy;
import dev.rootkey.operator.plan.StatusPlanner;
import dev.rootkey.testing.TestingClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The key lifecycle driven through random sequences of what people, GitHub and time do to one
 * RootKey: rotate requests with and without grace overrides, GitOps re-applies, leaks of the
 * current and of older keys, a deleted Secret, time passing grace ends, schedules and expiry,
 * history limits of 1 to 3. After every step (reconciled until nothing more is written) and at
 * every write, the invariants users rely on must hold. A failure names its seed and steps; {@code
 * -Dinvariants.seed=SEED -Dinvariants.sequences=1} replays it.
 */
class KeyLifecycleInvariantsTest {

  private static final long FIRST_SEED = Long.getLong("invariants.seed", 20261122L);
  private static final int SEQUENCES = Integer.getInteger("invariants.sequences", 300);
  private static final int STEPS = 20;

  @Test
  void randomSequencesOfRotationsLeaksLostSecretsAndTimeKeepEveryInvariant() {
    for (long seed = FIRST_SEED; seed < FIRST_SEED + SEQUENCES; seed++) {
      Sequence sequence = new Sequence(seed);
      try {
        sequence.run(STEPS);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "seed "
                + seed
                + " (replay: -Dinvariants.seed="
                + seed
                + " -Dinvariants.sequences=1), after the steps\n  "
                + String.join("\n  ", sequence.steps)
                + "\n"
                + e.getMessage(),
            e);
      }
    }
  }

  /** One RootKey, its Secret and KeyLeaks in memory, and the real lifecycle acting on them. */
  private static final class Sequence {

    private static final String NAMESPACE = "payments";
    private static final String NAME = "billing";
    private static final String DATA_KEY = "ROOT_KEY";
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final List<String> SPEC_GRACES = List.of("0s", "30s", "1h");
    private static final List<String> OVERRIDES = List.of("0s", "30s", "2m");
    private static final List<Duration> WAITS =
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(31),
            Duration.ofSeconds(121),
            Duration.ofMinutes(20),
            Duration.ofMinutes(61),
            Duration.ofHours(3));
    private static final int MAX_RECONCILES = 10;

    private final List<String> steps = new ArrayList<>();
    private final Random random;
    private final TestingClock clock = new TestingClock(START);
    private final List<String> violations = new ArrayList<>();
    private final TestingCrash crash = new TestingCrash();
    private final TestingRootKeyStore rootKeys =
        new TestingRootKeyStore(this::checkStatusWrite, crash);
    private final TestingSecretStore secrets =
        new TestingSecretStore(this::checkSecretWrite, crash);
    private final TestingLeakStore leaks = new TestingLeakStore(crash);
    private final List<AuditRecord> audit = new ArrayList<>();
    private final Map<String, LeakAction> expectedAnswers = new HashMap<>();
    private final Context<RootKey> context = TestingContext.withoutInformers();
    private final KeyLifecycle lifecycle;
    private final RootKeySpec spec;
    private final RotationPolicy policy;
    private int rotateValues;
    private String manifestRotate;
    private String manifestGrace;

    Sequence(long seed) {
      random = new Random(seed);
      spec = randomSpec();
      policy = RotationPolicy.of(spec);
      lifecycle =
          KeyLifecycle.create(
              new KeyGenerator(seeded(seed)),
              clock,
              RecordSeal.random(seeded(seed)),
              new LifecycleStores(
                  rootKeys,
                  secrets,
                  rootKeys,
                  (namespace, targets, keyId) -> List.of(),
                  leaks,
                  usage -> false),
              new Reporter(
                  new KeyJournal(
                      new NoEvents(), audit::add, AuditRecord.Source.of("test", "test"), clock),
                  KeyMetrics.NONE));
    }

    void run(int count) {
      RootKey rootKey = new RootKey();
      rootKey.setMetadata(
          new ObjectMetaBuilder()
              .withName(NAME)
              .withNamespace(NAMESPACE)
              .withUid("uid-" + NAME)
              .build());
      rootKey.setSpec(spec);
      String describedSpec =
          "create: grace "
              + policy.gracePeriod()
              + ", historyLimit "
              + policy.historyLimit()
              + ", interval "
              + spec.getRotation().getInterval()
              + ", expiresAt "
              + spec.getExpiresAt()
              + ", leakPolicy "
              + spec.getLeakPolicy();
      if (random.nextInt(4) == 0) {
        // Created from a manifest that already carries a rotate request and an override.
        manifestRotate = "m" + (++rotateValues);
        manifestGrace = pick(OVERRIDES);
        rootKey
            .getMetadata()
            .setAnnotations(
                Map.of(
                    RotationAnnotations.ROTATE,
                    manifestRotate,
                    RotationAnnotations.ROTATE_GRACE,
                    manifestGrace));
        describedSpec += ", annotated rotate=" + manifestRotate + " rotate-grace=" + manifestGrace;
      }
      steps.add(describedSpec);
      rootKeys.create(rootKey);
      settle();
      check();
      for (int i = 0; i < count; i++) {
        step();
        check();
      }
    }

    private void step() {
      switch (random.nextInt(10)) {
        case 0, 1 -> rotateByKubectl();
        case 2 -> applyManifest(true);
        case 3 -> applyManifest(false);
        case 4 -> leakTheDeliveredKey();
        case 5 -> leakAnOlderKey();
        case 6 -> deleteSecret();
        case 7, 8 -> advanceClock();
        default -> deleteALeak();
      }
    }

    /** {@code kubectl annotate --overwrite} of a new rotate value, with an override or without. */
    private void rotateByKubectl() {
      String value = "k" + (++rotateValues);
      Optional<String> override =
          random.nextBoolean() ? Optional.of(pick(OVERRIDES)) : Optional.empty();
      steps.add(
          "kubectl annotate rotate=" + value + override.map(g -> " rotate-grace=" + g).orElse(""));
      rotate(value, override);
    }

    /**
     * A GitOps tool applying its manifest: a new rotate value (keeping the manifest's override, or
     * with a new one), or the same manifest again.
     */
    private void applyManifest(boolean newRotateValue) {
      if (!newRotateValue) {
        if (manifestRotate == null) {
          return;
        }
        steps.add("gitops re-apply rotate=" + manifestRotate + " rotate-grace=" + manifestGrace);
        if (!manifestRotate.equals(status().getLastRotateRequest())) {
          // Someone annotated another value by hand since: the manifest's is new again.
          rotate(manifestRotate, Optional.of(manifestGrace));
          return;
        }
        Optional<String> before = current().map(KeyRecord::getId);
        List<String> ids = ids();
        annotate(manifestRotate, Optional.of(manifestGrace));
        settle();
        if (before.isPresent() && !expired()) {
          assertThat(current().map(KeyRecord::getId))
              .as("a re-applied manifest rotates nothing")
              .isEqualTo(before);
          assertThat(ids()).as("a re-applied manifest issues nothing").isSubsetOf(ids);
        }
        return;
      }
      manifestRotate = "g" + (++rotateValues);
      if (manifestGrace == null || random.nextBoolean()) {
        manifestGrace = pick(OVERRIDES);
      }
      steps.add("gitops apply rotate=" + manifestRotate + " rotate-grace=" + manifestGrace);
      rotate(manifestRotate, Optional.of(manifestGrace));
    }

    /**
     * Sets the annotations, reconciles, and checks the grace the replaced key got: an override
     * counts only when this change set it; one already on the object is spent.
     */
    private void rotate(String value, Optional<String> override) {
      Optional<KeyRecord> before = current();
      String graceBefore = annotation(RotationAnnotations.ROTATE_GRACE);
      boolean fresh = override.isPresent() && !override.get().equals(graceBefore);
      annotate(value, override);
      settle();
      if (before.isEmpty() || expired()) {
        return;
      }
      assertThat(current().map(KeyRecord::getId))
          .as("a new rotate value rotates")
          .isNotEqualTo(before.map(KeyRecord::getId));
      expectReplaced(before.get(), KeyReason.Manual, fresh ? override.get() : policy.gracePeriod());
    }

    private void annotate(String rotate, Optional<String> grace) {
      Map<String, String> annotations = new HashMap<>();
      annotations.put(RotationAnnotations.ROTATE, rotate);
      grace.ifPresent(g -> annotations.put(RotationAnnotations.ROTATE_GRACE, g));
      rootKeys.annotate(annotations);
    }

    /** GitHub reports the key the Secret holds: the one a workload would have leaked. */
    private void leakTheDeliveredKey() {
      Optional<KeyRecord> delivered =
          secrets
              .fetch(NAMESPACE, NAME)
              .flatMap(s -> DeliveredSecrets.heldKeyHash(s, DATA_KEY))
              .flatMap(
                  hash -> records().stream().filter(k -> k.getHash().equals(hash)).findFirst());
      delivered.ifPresent(k -> report("leak of the delivered key", k));
    }

    /** GitHub reports an older key: one still in its grace period when there is one. */
    private void leakAnOlderKey() {
      List<KeyRecord> older =
          records().stream()
              .filter(k -> !k.getId().equals(status().getCurrentKeyId()))
              .sorted((a, b) -> Boolean.compare(stillVerifies(b, false), stillVerifies(a, false)))
              .toList();
      if (!older.isEmpty()) {
        report("leak of the older key " + older.get(0).getState(), older.get(0));
      }
    }

    private void report(String what, KeyRecord record) {
      if (!leaks.report(NAMESPACE, NAME, record)) {
        return;
      }
      steps.add(what + " " + record.getId());
      LeakAction expected;
      if (record.getState() == KeyState.Revoked && record.getReason() == KeyReason.Leaked) {
        // Revoked for a leak before (whose KeyLeak is gone): answered as that revocation.
        expected = LeakAction.Revoked;
      } else if (expired() || !stillVerifies(record, false)) {
        expected = LeakAction.AlreadyInvalid;
      } else {
        expected =
            spec.getLeakPolicy() == LeakPolicy.Notify ? LeakAction.Notified : LeakAction.Revoked;
      }
      expectedAnswers.put(KeyLeak.nameFor(record.getId()), expected);
      settle();
    }

    private void deleteSecret() {
      steps.add("delete the Secret");
      Optional<KeyRecord> before = current();
      secrets.delete(NAMESPACE, NAME);
      settle();
      if (before.isPresent() && !expired()) {
        expectReplaced(before.get(), KeyReason.SecretLost, policy.gracePeriod());
      }
    }

    private void advanceClock() {
      Duration wait = pick(WAITS);
      steps.add("wait " + wait);
      clock.advance(wait);
      settle();
    }

    private void deleteALeak() {
      List<KeyLeak> all = leaks.all();
      if (all.isEmpty()) {
        return;
      }
      String name = all.get(random.nextInt(all.size())).getMetadata().getName();
      steps.add("delete KeyLeak " + name);
      leaks.delete(name);
      expectedAnswers.remove(name);
      settle();
    }

    /**
     * Reconciles as the SDK does after a change: once, again when it failed (now and then the
     * process dies right after one of its writes, and a new one carries on), and again while the
     * reconcile asks to be called back at once. The lifecycle's own writes start no reconcile (the
     * operator filters their events), so one more reconcile, for nothing, must write nothing.
     */
    private void settle() {
      Optional<Instant> due;
      if (random.nextInt(4) == 0) {
        int n = 1 + random.nextInt(3);
        crash.afterWrites(n);
        try {
          due = reconcile();
        } catch (IllegalStateException e) {
          if (!crash.happened()) {
            throw e;
          }
          steps.add("  (the process died after write " + n + ")");
          crash.restart();
          due = reconcile();
        }
        crash.restart();
      } else {
        due = reconcile();
      }
      for (int i = 0; due.isPresent() && !due.get().isAfter(clock.instant()); i++) {
        assertThat(i).as("reconciles asking to be called back at once").isLessThan(MAX_RECONCILES);
        due = reconcile();
      }
      int before = writes();
      reconcile();
      assertThat(writes() - before).as("writes of a reconcile with nothing to do").isZero();
    }

    private Optional<Instant> reconcile() {
      return lifecycle.reconcile(
          rootKeys.read(), secrets.fetch(NAMESPACE, NAME), leaks.all(), List.of(), context);
    }

    private int writes() {
      return rootKeys.writes() + secrets.writes() + leaks.writes();
    }

    /** What users rely on, after every step. */
    private void check() {
      assertThat(violations).as("at every write").isEmpty();
      RootKeyStatus status = status();
      if (!expired()) {
        List<KeyRecord> active = inState(KeyState.Active);
        assertThat(active).as("exactly one Active key").hasSize(1);
        assertThat(status.getCurrentKeyId()).isEqualTo(active.get(0).getId());
        assertThat(inState(KeyState.Pending)).as("no issuance left half-done").isEmpty();
        assertThat(status.getIssuing()).isNull();
        assertThat(status.getPhase()).isEqualTo(Phase.Active);
        Optional<Secret> secret = secrets.fetch(NAMESPACE, NAME);
        assertThat(secret).as("the Secret").isPresent();
        assertThat(DeliveredSecrets.heldKeyHash(secret.get(), DATA_KEY))
            .as("the key in the Secret is the Active one")
            .contains(active.get(0).getHash());
      } else {
        assertThat(status.getPhase()).isEqualTo(Phase.Expired);
        assertThat(records())
            .as("nothing verifies after expiry")
            .noneMatch(k -> StatusPlanner.VERIFYING.contains(k.getState()));
      }
      for (KeyLeak leak : leaks.all()) {
        String name = leak.getMetadata().getName();
        assertThat(leak.getStatus()).as("KeyLeak %s answered", name).isNotNull();
        assertThat(leak.getStatus().getAction())
            .as("KeyLeak %s's action", name)
            .isEqualTo(expectedAnswers.get(name));
        Optional<KeyRecord> record = record(leak.getSpec().getKeyId());
        assertThat(record).as("the record KeyLeak %s names, while it exists", name).isPresent();
        if (leak.getStatus().getAction() == LeakAction.Revoked) {
          assertThat(record.get().getState()).isEqualTo(KeyState.Revoked);
          assertThat(record.get().getReason()).isEqualTo(KeyReason.Leaked);
          assertThat(audit)
              .as("the audit record of KeyLeak %s's revocation", name)
              .anyMatch(
                  r ->
                      r.operation() == AuditOperation.KEY_REVOKED
                          && name.equals(r.details().get("keyLeak")));
        }
      }
    }

    /**
     * The key that was current before a rotation: Expiring until now + grace (never past the
     * RootKey's expiry), or Revoked for a zero grace, if the history still holds it.
     */
    private void expectReplaced(KeyRecord before, KeyReason reason, String grace) {
      Optional<KeyRecord> replaced = record(before.getId());
      if (replaced.isEmpty()) {
        assertThat(RotationPolicy.parseDuration(grace))
            .as("only a key that no longer verifies leaves the history")
            .isZero();
        return;
      }
      assertThat(replaced.get().getReason()).isEqualTo(reason);
      Instant now = clock.instant();
      Instant graceEnd = now.plus(RotationPolicy.parseDuration(grace));
      if (policy.expiresAt().isPresent() && policy.expiresAt().get().isBefore(graceEnd)) {
        graceEnd = policy.expiresAt().get();
      }
      if (graceEnd.isAfter(now)) {
        assertThat(replaced.get().getState())
            .as("the replaced key with grace %s", grace)
            .isEqualTo(KeyState.Expiring);
        assertThat(Instant.parse(replaced.get().getExpiresAt())).isEqualTo(graceEnd);
      } else {
        assertThat(replaced.get().getState())
            .as("the replaced key with grace %s", grace)
            .isEqualTo(KeyState.Revoked);
      }
    }

    /**
     * At every status write: no record is dropped while its key still verifies or a KeyLeak names
     * it, and the key in the Secret keeps a record that makes it verify (unless it was revoked as
     * leaked, which happens before its replacement exists).
     */
    private void checkStatusWrite(RootKeyStatus before, RootKeyStatus after) {
      Set<String> kept = after.getKeys().stream().map(KeyRecord::getId).collect(Collectors.toSet());
      Set<String> named =
          leaks.all().stream().map(l -> l.getSpec().getKeyId()).collect(Collectors.toSet());
      for (KeyRecord dropped : before.getKeys()) {
        if (kept.contains(dropped.getId())) {
          continue;
        }
        if (stillVerifies(dropped, true)) {
          violations.add("dropped the record of " + dropped.getId() + ", which still verified");
        }
        if (named.contains(dropped.getId())) {
          violations.add("dropped the record of " + dropped.getId() + ", which a KeyLeak names");
        }
      }
      if (policy.expiredAt(clock.instant())) {
        return;
      }
      secrets
          .fetch(NAMESPACE, NAME)
          .flatMap(s -> DeliveredSecrets.heldKeyHash(s, DATA_KEY))
          .filter(
              hash ->
                  after.getKeys().stream()
                      .filter(k -> k.getHash().equals(hash))
                      .noneMatch(
                          k ->
                              stillVerifies(k, false)
                                  || (k.getState() == KeyState.Revoked
                                      && k.getReason() == KeyReason.Leaked)))
          .ifPresent(hash -> violations.add("the key in the Secret no longer verifies"));
    }

    /** At every Secret write: the key written is on record, Pending or Active, so it verifies. */
    private void checkSecretWrite(Secret written) {
      Optional<String> hash = DeliveredSecrets.heldKeyHash(written, DATA_KEY);
      boolean onRecord =
          hash.isPresent()
              && records().stream()
                  .anyMatch(
                      k ->
                          k.getHash().equals(hash.get())
                              && (k.getState() == KeyState.Pending
                                  || k.getState() == KeyState.Active));
      if (!onRecord) {
        violations.add("a key went into the Secret without a Pending or Active record");
      }
    }

    /**
     * Whether a record's key verifies now; a Pending one only matters once delivered, when {@code
     * pendingOnlyIfDelivered}.
     */
    private boolean stillVerifies(KeyRecord record, boolean pendingOnlyIfDelivered) {
      return switch (record.getState()) {
        case Active -> true;
        case Expiring -> Instant.parse(record.getExpiresAt()).isAfter(clock.instant());
        case Pending ->
            !pendingOnlyIfDelivered
                || secrets
                    .fetch(NAMESPACE, NAME)
                    .flatMap(s -> DeliveredSecrets.heldKeyHash(s, DATA_KEY))
                    .filter(record.getHash()::equals)
                    .isPresent();
        default -> false;
      };
    }

    private boolean expired() {
      return policy.expiredAt(clock.instant());
    }

    private RootKeyStatus status() {
      return Objects.requireNonNullElseGet(rootKeys.read().getStatus(), RootKeyStatus::new);
    }

    private List<KeyRecord> records() {
      return status().getKeys();
    }

    private List<String> ids() {
      return records().stream().map(KeyRecord::getId).toList();
    }

    private List<KeyRecord> inState(KeyState state) {
      return records().stream().filter(k -> k.getState() == state).toList();
    }

    private Optional<KeyRecord> record(String id) {
      return records().stream().filter(k -> k.getId().equals(id)).findFirst();
    }

    private Optional<KeyRecord> current() {
      return StatusPlanner.current(status());
    }

    private String annotation(String name) {
      Map<String, String> annotations = rootKeys.read().getMetadata().getAnnotations();
      return annotations == null ? null : annotations.get(name);
    }

    private RootKeySpec randomSpec() {
      RootKeySpec randomSpec = new RootKeySpec();
      randomSpec.setPermissions(List.of("api.*.verify_key"));
      RotationSpec rotation = new RotationSpec();
      rotation.setGracePeriod(pick(SPEC_GRACES));
      rotation.setHistoryLimit(1 + random.nextInt(3));
      rotation.setInterval(random.nextBoolean() ? "20m" : null);
      randomSpec.setRotation(rotation);
      if (random.nextInt(3) == 0) {
        randomSpec.setExpiresAt(START.plus(Duration.ofHours(2 + random.nextInt(6))).toString());
      }
      randomSpec.setLeakPolicy(random.nextInt(5) == 0 ? LeakPolicy.Notify : LeakPolicy.Revoke);
      return randomSpec;
    }

    private <T> T pick(List<T> choices) {
      return choices.get(random.nextInt(choices.size()));
    }

    /** Key material from the seed too, so a replay issues the very same keys. */
    private static SecureRandom seeded(long seed) {
      try {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(seed);
        return seeded;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Events are not what these invariants are about. */
  private static final class NoEvents implements KeyEvents {

    @Override
    public void normal(RootKey rootKey, String reason, String message) {}

    @Override
    public void warning(RootKey rootKey, String reason, String message) {}
  }
}
