package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions a RootKey's status carries (Ready, Rotatable, RestartTargetsFound,
 * DeletionBlocked, PreviousKeyInUse) and the phase that goes with them; each is set keeping its
 * lastTransitionTime unless its status changed. Pure: each method returns a new status.
 */
public final class StatusConditions {

  public static final String READY = "Ready";

  /** False once the RootKey has expired: it can no longer be rotated. */
  public static final String ROTATABLE = "Rotatable";

  /** False when a restart target was not found at the last roll. */
  public static final String RESTART_TARGETS_FOUND = "RestartTargetsFound";

  /** True while a delete waits for spec.deleteProtection to be turned off. */
  public static final String DELETION_BLOCKED = "DeletionBlocked";

  /**
   * True while a replaced key that still verifies was used within idleTimeout: see {@link
   * PreviousKeyInUse}.
   */
  public static final String PREVIOUS_KEY_IN_USE = "PreviousKeyInUse";

  private final Clock clock;

  public StatusConditions(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The restarts for the current key are done; {@code missing} names targets not found. A RootKey
   * without targets gets no condition.
   */
  public RootKeyStatus restarted(
      RootKeyStatus status, int targets, List<String> missing, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setRestartedForKeyId(next.getCurrentKeyId());
    if (targets == 0) {
      next.getConditions().removeIf(c -> RESTART_TARGETS_FOUND.equals(c.getType()));
      return next;
    }
    if (missing.isEmpty()) {
      return set(
          next,
          RESTART_TARGETS_FOUND,
          "True",
          "Found",
          "All restart targets were rolled",
          generation);
    }
    return set(
        next,
        RESTART_TARGETS_FOUND,
        "False",
        "TargetMissing",
        "Not found, so not restarted: " + String.join(", ", missing),
        generation);
  }

  /**
   * While a delete is held back by spec.deleteProtection, the condition DeletionBlocked says so; it
   * goes away when the RootKey is not being deleted.
   */
  public RootKeyStatus deletionBlocked(RootKeyStatus status, boolean blocked, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    if (!blocked) {
      next.getConditions().removeIf(c -> DELETION_BLOCKED.equals(c.getType()));
      return next;
    }
    return set(
        next,
        DELETION_BLOCKED,
        "True",
        "DeleteProtection",
        "Deletion is held back by spec.deleteProtection: set it to false to let the delete finish",
        generation);
  }

  /** Phase Active and Ready=True for the current key. */
  public RootKeyStatus ready(RootKeyStatus status, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setPhase(Phase.Active);
    next.setObservedGeneration(generation);
    return set(
        next,
        READY,
        "True",
        "KeyActive",
        "Key " + next.getCurrentKeyId() + " is in the Secret and verifies",
        generation);
  }

  /** PreviousKeyInUse as the keys say at this clock's time: see {@link PreviousKeyInUse}. */
  public RootKeyStatus previousKeyInUse(
      RootKeyStatus status, RotationPolicy policy, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    PreviousKeyInUse inUse = PreviousKeyInUse.of(next, policy, StatusPlanner.at(clock));
    return set(
        next, PREVIOUS_KEY_IN_USE, inUse.status(), inUse.reason(), inUse.message(), generation);
  }

  /** Ready=False: the operator cannot act until the user changes something. */
  public RootKeyStatus failed(
      RootKeyStatus status, String reason, String message, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setPhase(Phase.Failed);
    next.setObservedGeneration(generation);
    return set(next, READY, "False", reason, message, generation);
  }

  public static Optional<Condition> condition(RootKeyStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Sets a condition, keeping its lastTransitionTime unless its status changed. */
  RootKeyStatus set(
      RootKeyStatus status,
      String type,
      String conditionStatus,
      String reason,
      String message,
      long generation) {
    List<Condition> conditions = status.getConditions();
    Optional<Condition> existing = condition(status, type);
    String transitionTime =
        existing
            .filter(c -> conditionStatus.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElseGet(() -> StatusPlanner.format(clock.instant()));
    Condition updated =
        new Condition(transitionTime, message, generation, reason, conditionStatus, type);
    existing.ifPresentOrElse(
        c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    return status;
  }
}
