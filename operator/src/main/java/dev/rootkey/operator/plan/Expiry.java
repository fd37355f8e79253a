package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A RootKey past spec.expiresAt: every key Expired, rotation requests refused, for good. */
public final class Expiry {

  private final StatusPlanner planner;

  public Expiry(StatusPlanner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  /** Whether the RootKey (with a valid spec) has reached its spec.expiresAt. */
  public boolean reached(RootKey rootKey) {
    return RotationPolicy.of(rootKey.getSpec()).expiredAt(planner.now());
  }

  /**
   * @param trusted its status with only the records this operator wrote
   */
  public Plan expire(RootKey rootKey, RootKeyStatus trusted, List<KeyLeak> leaks) {
    RotationPolicy policy = RotationPolicy.of(rootKey.getSpec());
    Instant end = policy.expiresAt().orElseThrow();
    RootKeyStatus expired = planner.expired(trusted, policy, RootKeys.generation(rootKey));
    Optional<String> request =
        RotationDecider.unhandledRequest(RootKeys.annotations(rootKey), expired);
    if (request.isPresent()) {
      expired = planner.refused(expired, request.get());
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.WriteStatus(expired, List.of()));
    if (trusted.getPhase() != expired.getPhase()) {
      steps.add(new Step.Tell(new Report.RootKeyExpired(newlyExpired(trusted, expired), end)));
    }
    if (request.isPresent()) {
      steps.add(
          new Step.Tell(
              new Report.RotationRefused(
                  request.get(),
                  Optional.ofNullable(
                      RootKeys.annotations(rootKey).get(RotationAnnotations.ROTATE_REQUESTED_BY)),
                  end)));
    }
    steps.add(new Step.Tell(new Report.InExpiredPhase()));
    steps.addAll(
        LeakAnswers.answers(
            new LeakTriage().triage(leaks, expired, KeyPlanner.leakPolicy(rootKey)),
            rootKey.getStatus() == null ? null : rootKey.getStatus().getCurrentKeyId(),
            planner.now()));
    return new Plan(steps, Optional.empty());
  }

  /** Keys that verified before the RootKey expired: Expired now. */
  private static List<KeyRecord> newlyExpired(RootKeyStatus before, RootKeyStatus after) {
    Set<String> wereVerifying =
        before.getKeys().stream()
            .filter(k -> StatusPlanner.VERIFYING.contains(k.getState()))
            .map(KeyRecord::getId)
            .collect(Collectors.toSet());
    return after.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Expired && wereVerifying.contains(k.getId()))
        .toList();
  }
}
