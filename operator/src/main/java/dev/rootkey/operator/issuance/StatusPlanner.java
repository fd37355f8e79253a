package dev.rootkey.operator.issuance;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure status transitions of issuance: each method returns a new status and leaves its input alone,
 * so the reconciler can compare before and after and write only real changes.
 */
public class StatusPlanner {

  public static final String READY = "Ready";

  private final Clock clock;

  public StatusPlanner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Timestamps in status: RFC 3339, millisecond precision so grace boundaries are exact. */
  public String now() {
    return format(clock.instant());
  }

  static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  public static Optional<KeyRecord> pending(RootKeyStatus status) {
    return status.getKeys().stream().filter(k -> k.getState() == KeyState.Pending).findFirst();
  }

  public static Optional<KeyRecord> current(RootKeyStatus status) {
    return status.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Active)
        .filter(k -> k.getId().equals(status.getCurrentKeyId()))
        .findFirst();
  }

  /** Step 1 of issuance: the new key's hash is recorded before the key goes anywhere. */
  public RootKeyStatus withPending(RootKeyStatus status, GeneratedKey key) {
    RootKeyStatus next = withoutPending(status);
    KeyRecord record = new KeyRecord();
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Pending);
    record.setCreatedAt(now());
    next.getKeys().add(0, record);
    return next;
  }

  /** Forgets a pending key whose Secret write never happened: nobody holds it, nothing verifies. */
  public RootKeyStatus withoutPending(RootKeyStatus status) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.getKeys().removeIf(k -> k.getState() == KeyState.Pending);
    return next;
  }

  /**
   * Step 3 of issuance: the key now in the Secret becomes current; the key it replaces is revoked
   * with {@code replacedBecause}.
   */
  public RootKeyStatus activated(
      RootKeyStatus status, String pendingId, KeyReason replacedBecause, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    String now = now();
    for (KeyRecord record : next.getKeys()) {
      if (record.getId().equals(pendingId)) {
        record.setState(KeyState.Active);
      } else if (record.getState() == KeyState.Active) {
        record.setState(KeyState.Revoked);
        record.setRevokedAt(now);
        record.setReason(replacedBecause);
      }
    }
    KeyRecord active =
        next.getKeys().stream().filter(k -> k.getId().equals(pendingId)).findFirst().orElseThrow();
    next.setCurrentKeyId(active.getId());
    next.setCurrentKeyStart(active.getStart());
    return ready(next, generation);
  }

  /** Phase Active and Ready=True for the current key. */
  public RootKeyStatus ready(RootKeyStatus status, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setPhase(Phase.Active);
    next.setObservedGeneration(generation);
    return withCondition(
        next,
        READY,
        "True",
        "KeyActive",
        "Key " + next.getCurrentKeyId() + " is in the Secret and verifies",
        generation);
  }

  /** Ready=False: the operator cannot act until the user changes something. */
  public RootKeyStatus failed(
      RootKeyStatus status, String reason, String message, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setPhase(Phase.Failed);
    next.setObservedGeneration(generation);
    return withCondition(next, READY, "False", reason, message, generation);
  }

  /** Sets a condition, keeping its lastTransitionTime unless its status changed. */
  RootKeyStatus withCondition(
      RootKeyStatus status,
      String type,
      String conditionStatus,
      String reason,
      String message,
      long generation) {
    List<Condition> conditions = status.getConditions();
    Optional<Condition> existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    String transitionTime =
        existing
            .filter(c -> conditionStatus.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElseGet(this::now);
    Condition updated =
        new Condition(transitionTime, message, generation, reason, conditionStatus, type);
    existing.ifPresentOrElse(
        c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    return status;
  }
}
