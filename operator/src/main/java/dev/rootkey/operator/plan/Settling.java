package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What follows the issuance steps, planned on what they wrote (the API server's answers shape it:
 * an annotation removed or not, the Secret's new resourceVersion): restart targets rolled once per
 * key, the Secret's metadata and previous-key entry kept current, the final status, what is told of
 * it, and the answers to the KeyLeaks.
 */
public final class Settling {

  private final StatusPlanner planner;

  public Settling(StatusPlanner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  /**
   * @param latest the RootKey as the decided steps left it
   * @param written the Secret they wrote, if any
   */
  public Plan settle(
      Observation seen, KeyPlanner.Decision decided, RootKey latest, Optional<Secret> written) {
    RotationPolicy policy = RotationPolicy.of(latest.getSpec());
    long generation = RootKeys.generation(latest);
    RootKeyStatus status = decided.status();
    if (decided.wroteStatus()) {
      // The status as stored; keys revoked for a leak after it was written are revoked in it too.
      status = RootKeys.statusOf(latest);
      for (String keyId : decided.leakRevoked()) {
        status = planner.revokedForLeak(status, keyId);
      }
    }
    List<Step> steps = new ArrayList<>();
    // Always with a current key after the decided steps; were there none, what follows is still
    // written and told rather than thrown away after the writes already made.
    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (current.isPresent()) {
      if (!current.get().getId().equals(status.getRestartedForKeyId())) {
        steps.add(
            new Step.RollRestartTargets(
                IssuanceSteps.restartTargets(latest), status.getCurrentKeyId()));
      }
      Optional<Secret> secret = written.or(decided::secret);
      if (secret.isPresent()) {
        tidied(latest, status, current.get(), secret.get()).ifPresent(steps::add);
      }
    }
    RootKeyStatus settled =
        planner
            .conditions()
            .deletionBlocked(
                planner
                    .conditions()
                    .ready(
                        planner.trimmed(
                            RotationSchedule.scheduled(
                                planner.graceOverrideSeen(status, RootKeys.annotations(latest)),
                                policy),
                            policy.historyLimit(),
                            KeyPlanner.namedByLeaks(seen.leaks())),
                        generation),
                // Reconciled while being deleted only when spec.deleteProtection holds it back.
                latest.isMarkedForDeletion(),
                generation);
    steps.add(new Step.WriteStatus(settled, List.of()));
    if (StatusConditions.condition(settled, StatusConditions.DELETION_BLOCKED).isPresent()
        && StatusConditions.condition(seen.trusted(), StatusConditions.DELETION_BLOCKED)
            .isEmpty()) {
      steps.add(new Step.Tell(new Report.DeleteRefused()));
    }
    graceEnded(seen.trusted(), settled).forEach(steps::add);
    steps.add(
        new Step.Tell(
            new Report.Scheduled(
                policy.expiresAt(),
                Optional.ofNullable(settled.getNextRotationAt()).map(Instant::parse))));
    steps.addAll(LeakAnswers.answers(decided.leaks(), settled.getCurrentKeyId(), planner.now()));
    return new Plan(steps, RotationSchedule.nextDue(settled, policy));
  }

  /** Metadata as the spec says; the previous-key entry only while that key verifies. */
  private static Optional<Step> tidied(
      RootKey rootKey, RootKeyStatus status, KeyRecord current, Secret secret) {
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    Secret tidy = secret;
    if (!DeliveredSecrets.hasCurrentMetadata(rootKey, target, current.getId(), tidy)) {
      tidy = DeliveredSecrets.withCurrentMetadata(rootKey, target, current.getId(), tidy);
    }
    Optional<String> previous = DeliveredSecrets.heldPreviousKeyHash(tidy, target);
    Set<String> expiring =
        status.getKeys().stream()
            .filter(k -> k.getState() == KeyState.Expiring)
            .map(KeyRecord::getHash)
            .collect(Collectors.toSet());
    if (previous.isPresent() && !expiring.contains(previous.get())) {
      tidy = DeliveredSecrets.withoutPreviousKey(tidy, target);
    }
    return tidy == secret
        ? Optional.empty()
        : Optional.of(new Step.WriteSecret(tidy, Optional.of(secret)));
  }

  /** Keys whose grace period ended since {@code before}. */
  private static List<Step> graceEnded(RootKeyStatus before, RootKeyStatus after) {
    Map<String, KeyState> was =
        before.getKeys().stream().collect(Collectors.toMap(KeyRecord::getId, KeyRecord::getState));
    return after.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Expired && was.get(k.getId()) == KeyState.Expiring)
        .<Step>map(k -> new Step.Tell(new Report.GraceEnded(k)))
        .toList();
  }
}
