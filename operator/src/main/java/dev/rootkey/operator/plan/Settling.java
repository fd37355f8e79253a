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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What follows the issuance steps in a reconcile's plan, planned on what they will have written:
 * restart targets rolled once per key, the Secret's metadata and previous-key entry kept current,
 * the final status, what is told of it, the answers to the KeyLeaks, and the next wake-up. What
 * only the API server can answer (a resourceVersion, an annotation that could not be removed, a
 * restart target not found) the executor carries from one step into the next.
 */
public final class Settling {

  private final StatusPlanner planner;

  public Settling(StatusPlanner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  public Plan settle(Observation seen, KeyPlanner.Decision decided) {
    RootKey rootKey = seen.rootKey();
    RotationPolicy policy = RotationPolicy.of(rootKey.getSpec());
    long generation = RootKeys.generation(rootKey);
    RootKeyStatus status = decided.status();
    List<Step> steps = new ArrayList<>();
    // Always with a current key after the decided steps; were there none, what follows is still
    // written and told rather than thrown away after the writes already made.
    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (current.isPresent()) {
      if (!restartedFor(current.get(), status, decided.steps())) {
        steps.add(
            new Step.RollRestartTargets(
                IssuanceSteps.restartTargets(rootKey), status.getCurrentKeyId()));
      }
      Optional<Secret> secret = lastWritten(decided.steps()).or(decided::secret);
      if (secret.isPresent()) {
        tidied(rootKey, status, current.get(), secret.get()).ifPresent(steps::add);
      }
    }
    RootKeyStatus blocked =
        planner
            .conditions()
            .deletionBlocked(
                planner
                    .conditions()
                    .ready(
                        planner.trimmed(
                            RotationSchedule.scheduled(
                                planner.graceOverrideSeen(
                                    status, annotationsLeft(rootKey, decided.steps())),
                                policy),
                            policy.historyLimit(),
                            KeyPlanner.namedByLeaks(seen.leaks())),
                        generation),
                // Reconciled while being deleted only when spec.deleteProtection holds it back.
                rootKey.isMarkedForDeletion(),
                generation);
    RootKeyStatus settled = planner.conditions().previousKeyInUse(blocked, policy, generation);
    steps.add(new Step.WriteStatus(settled, List.of()));
    if (StatusConditions.condition(settled, StatusConditions.DELETION_BLOCKED).isPresent()
        && StatusConditions.condition(seen.trusted(), StatusConditions.DELETION_BLOCKED)
            .isEmpty()) {
      steps.add(new Step.Tell(new Report.DeleteRefused()));
    }
    extendedByUse(seen.trusted(), settled, policy).forEach(steps::add);
    graceEnded(seen.trusted(), settled, policy).forEach(steps::add);
    steps.add(
        new Step.Tell(
            new Report.Scheduled(
                policy.expiresAt(),
                Optional.ofNullable(settled.getNextRotationAt()).map(Instant::parse))));
    steps.addAll(LeakAnswers.answers(decided.leaks(), settled.getCurrentKeyId(), planner.now()));
    // After the status write that holds what they say: deleting cannot lose a use.
    UsageFold.spent(seen.usages(), rootKey.getMetadata().getUid(), settled, planner.now())
        .forEach(usage -> steps.add(new Step.DeleteUsage(usage)));
    return new Plan(steps, wakeUp(settled, policy));
  }

  /**
   * The next instant something is due (see {@link RotationSchedule#nextDue}), or PreviousKeyInUse
   * turns Idle by itself, whichever comes first.
   */
  private Optional<Instant> wakeUp(RootKeyStatus settled, RotationPolicy policy) {
    return Stream.concat(
            RotationSchedule.nextDue(settled, policy).stream(),
            PreviousKeyInUse.nextChange(settled, policy, planner.now()).stream())
        .min(Instant::compareTo);
  }

  /** Whether the current key's restart targets were rolled, before or by the decided steps. */
  private static boolean restartedFor(KeyRecord current, RootKeyStatus status, List<Step> steps) {
    return current.getId().equals(status.getRestartedForKeyId())
        || steps.stream()
            .anyMatch(
                step ->
                    step instanceof Step.RollRestartTargets roll
                        && current.getId().equals(roll.keyId()));
  }

  /** The Secret as the decided steps write it last, if they write it. */
  private static Optional<Secret> lastWritten(List<Step> steps) {
    Optional<Secret> written = Optional.empty();
    for (Step step : steps) {
      if (step instanceof Step.WriteSecret write) {
        written = Optional.of(write.secret());
      }
    }
    return written;
  }

  /** The RootKey's annotations once the decided steps have removed theirs. */
  private static Map<String, String> annotationsLeft(RootKey rootKey, List<Step> steps) {
    Map<String, String> left = new HashMap<>(RootKeys.annotations(rootKey));
    for (Step step : steps) {
      if (step instanceof Step.RemoveAnnotation remove) {
        left.remove(remove.name(), remove.value());
      }
    }
    return left;
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

  /**
   * Keys whose grace period ended since {@code before}, and why: as {@code before} planned their
   * end, which a use reported since came too late to change.
   */
  private static List<Step> graceEnded(
      RootKeyStatus before, RootKeyStatus after, RotationPolicy policy) {
    Map<String, KeyRecord> was = byId(before);
    return after.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Expired)
        .filter(k -> was.containsKey(k.getId()))
        .filter(k -> was.get(k.getId()).getState() == KeyState.Expiring)
        .<Step>map(
            k ->
                new Step.Tell(
                    new Report.GraceEnded(
                        k,
                        GraceExtension.retirement(was.get(k.getId()), policy),
                        policy.idleTimeout(),
                        policy.maxGracePeriod())))
        .toList();
  }

  /**
   * Keys whose expiry use set for the first time since {@code before}: told once per key, not on
   * every report that moves it on.
   */
  private static List<Step> extendedByUse(
      RootKeyStatus before, RootKeyStatus after, RotationPolicy policy) {
    Map<String, KeyRecord> was = byId(before);
    return after.getKeys().stream()
        .filter(k -> GraceExtension.extendedByUse(k, policy))
        .filter(
            k ->
                !was.containsKey(k.getId())
                    || !GraceExtension.extendedByUse(was.get(k.getId()), policy))
        .<Step>map(
            k ->
                new Step.Tell(
                    new Report.GracePeriodExtended(
                        k, policy.idleTimeout(), GraceExtension.cap(k, policy).orElseThrow())))
        .toList();
  }

  private static Map<String, KeyRecord> byId(RootKeyStatus status) {
    Map<String, KeyRecord> byId = new HashMap<>();
    status.getKeys().forEach(k -> byId.put(k.getId(), k));
    return byId;
  }
}
