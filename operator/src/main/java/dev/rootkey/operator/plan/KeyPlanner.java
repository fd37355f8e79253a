package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a valid RootKey needs, from what was observed: finish or forget a half-done
 * issuance, revoke leaked keys, issue a key when there is none, the Secret lost it, a leak or a
 * rotation calls for one, and report a Secret in the way. The steps issuing writes are planned by
 * {@link IssuanceSteps}; what follows them, in the same plan, by {@link Settling}.
 */
public final class KeyPlanner {

  private static final Logger log = LoggerFactory.getLogger(KeyPlanner.class);

  static final String SECRET_CONFLICT = "SecretConflict";

  private final StatusPlanner planner;
  private final RotationDecider decider;
  private final IssuanceSteps issuance;
  private final KeyGenerator generator;

  public KeyPlanner(
      StatusPlanner planner,
      RotationDecider decider,
      IssuanceSteps issuance,
      KeyGenerator generator) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.decider = Objects.requireNonNull(decider, "decider");
    this.issuance = Objects.requireNonNull(issuance, "issuance");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /**
   * The first steps of a reconcile, and what {@link Settling} plans the rest on.
   *
   * @param status the status the steps leave, with the leaked keys they do not write yet revoked
   * @param secret the Secret as observed
   * @param leaks what each unanswered leak report means
   * @param settles whether anything follows: not after a Secret in the way is reported
   */
  public record Decision(
      List<Step> steps,
      RootKeyStatus status,
      Optional<Secret> secret,
      List<LeakTriage.Decision> leaks,
      boolean settles) {}

  public Decision decide(Observation seen) {
    RootKey rootKey = seen.rootKey();
    RotationPolicy policy = RotationPolicy.of(rootKey.getSpec());
    Set<String> named = namedByLeaks(seen.leaks());
    // Uses first: a key still in use is kept valid before its grace end is checked.
    RootKeyStatus status =
        planner.expireDue(
            planner.withUsage(
                seen.trusted(), rootKey.getMetadata().getUid(), seen.usages(), policy));
    Optional<Secret> secret = seen.secret();
    List<Step> steps = new ArrayList<>();
    Optional<RotationRequest> request = Optional.empty();

    Optional<KeyRecord> pending = StatusPlanner.pending(status);
    if (pending.isPresent()) {
      if (intact(secret, rootKey, pending.get())) {
        // The delivered key is current now; leaks and requests are looked at as on any reconcile,
        // so a leak whose rotation a crash interrupted is answered here too.
        status = issuance.activate(rootKey, status, pending.get(), policy, named, steps);
      } else {
        log.info(
            "Forgetting undelivered pending key {} of {}/{}",
            pending.get().getId(),
            rootKey.getMetadata().getNamespace(),
            rootKey.getMetadata().getName());
        request = StatusPlanner.interrupted(status);
        status = planner.withoutPending(status);
      }
    }

    List<LeakTriage.Decision> leaks =
        new LeakTriage().triage(seen.leaks(), status, leakPolicy(rootKey));
    for (LeakTriage.Decision decision : leaks) {
      if (decision.action() == LeakAction.Revoked && !decision.revokesCurrent()) {
        status = planner.revokedForLeak(status, decision.leak().getSpec().getKeyId());
      }
    }
    if (leaks.stream().anyMatch(LeakTriage.Decision::revokesCurrent)) {
      // Nothing is more urgent: the leaked key is revoked in the issuance's first write.
      request = Optional.of(RotationRequest.of(IssueTrigger.Leaked, "0s"));
    }

    // Never written: a Secret of that name this RootKey does not own. One the label-scoped cache
    // cannot show (unlabelled) makes the first issuance's create answer 409 AlreadyExists, and
    // the reconcile that retries it finds the Secret here, having fetched it for the pending key.
    if (secret.isPresent() && !DeliveredSecrets.ownedBy(secret.get(), rootKey)) {
      steps.addAll(fail(rootKey, status, SECRET_CONFLICT, conflictMessage(rootKey)));
      return new Decision(steps, status, secret, leaks, false);
    }
    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (request.isEmpty()) {
      request = whatToIssue(rootKey, status, policy, current, secret);
    }
    if (request.isPresent()) {
      status =
          issuance.issue(
              rootKey,
              status,
              secret,
              current,
              request.get(),
              generator.generate(DeliveryTarget.of(rootKey).prefix()),
              named,
              steps);
    }
    return new Decision(steps, status, secret, leaks, true);
  }

  /**
   * Ready=False with this reason, phase Failed: the operator cannot act until the user changes
   * something; written and told only when that is news.
   */
  public List<Step> fail(RootKey rootKey, RootKeyStatus status, String reason, String message) {
    return List.of(
        new Step.Tell(new Report.InFailedPhase()),
        new Step.WriteStatus(
            planner.conditions().failed(status, reason, message, RootKeys.generation(rootKey)),
            List.of(new Report.Failed(reason, message))));
  }

  /**
   * As {@link #fail}, for a spec the operator cannot act on, revoking each key its unanswered
   * KeyLeaks report (policy Revoke): a leaked key stops verifying whatever else the spec says. No
   * key replaces it until the spec is fixed, as issuing one needs a valid spec; the workload's key
   * then no longer verifies, which a leak calls for.
   */
  public Plan failRevokingLeaks(
      RootKey rootKey, String reason, String message, List<KeyLeak> leaks) {
    RootKeyStatus status = RootKeys.statusOf(rootKey);
    List<LeakTriage.Decision> answers = new ArrayList<>();
    for (LeakTriage.Decision decision :
        new LeakTriage().triage(leaks, status, leakPolicy(rootKey))) {
      if (decision.action() == LeakAction.Revoked) {
        status = planner.revokedForLeak(status, decision.leak().getSpec().getKeyId());
      }
      // Nothing is issued in its place: the answer names no replacement.
      answers.add(new LeakTriage.Decision(decision.leak(), decision.action(), false));
    }
    List<Step> steps = new ArrayList<>(fail(rootKey, status, reason, message));
    steps.addAll(LeakAnswers.answers(answers, null, planner.now()));
    return new Plan(steps, Optional.empty());
  }

  private Optional<RotationRequest> whatToIssue(
      RootKey rootKey,
      RootKeyStatus status,
      RotationPolicy policy,
      Optional<KeyRecord> current,
      Optional<Secret> secret) {
    if (current.isEmpty()) {
      // A rotate annotation present at creation is taken as already handled.
      return Optional.of(
          new RotationRequest(
              IssueTrigger.Created,
              policy.gracePeriod(),
              RotationDecider.unhandledRequest(RootKeys.annotations(rootKey), status),
              Optional.empty()));
    }
    if (!intact(secret, rootKey, current.get())) {
      // Running pods may still hold the lost key: it keeps its grace period.
      return Optional.of(RotationRequest.of(IssueTrigger.SecretLost, policy.gracePeriod()));
    }
    return decider.due(
        RootKeys.annotations(rootKey),
        RotationSchedule.scheduled(status, policy),
        policy,
        planner.now());
  }

  /** Whether the RootKey's own Secret holds {@code key} under its data key. */
  static boolean intact(Optional<Secret> secret, RootKey rootKey, KeyRecord key) {
    return secret.isPresent()
        && DeliveredSecrets.ownedBy(secret.get(), rootKey)
        && DeliveredSecrets.holds(secret.get(), DeliveryTarget.of(rootKey), key.getHash());
  }

  /**
   * Whether the cache's view of the Secret may mislead: a pending key to finish, a current key it
   * does not show, or a Secret in the way last time (an unlabelled one, which it cannot show).
   */
  public static boolean asksTheApiServer(
      RootKey rootKey, RootKeyStatus trusted, Optional<Secret> cached) {
    if (StatusPlanner.pending(trusted).isPresent()) {
      return true;
    }
    Optional<KeyRecord> current = StatusPlanner.current(trusted);
    return current.isPresent()
        ? !intact(cached, rootKey, current.get())
        : StatusConditions.condition(trusted, StatusConditions.READY)
            .filter(ready -> SECRET_CONFLICT.equals(ready.getReason()))
            .isPresent();
  }

  /** The key ids the RootKey's KeyLeaks name: their records stay whatever the history limit. */
  static Set<String> namedByLeaks(List<KeyLeak> leaks) {
    return leaks.stream()
        .map(KeyLeak::getSpec)
        .filter(Objects::nonNull)
        .map(KeyLeakSpec::getKeyId)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  static LeakPolicy leakPolicy(RootKey rootKey) {
    // No spec at all (an invalid RootKey): a leak is revoked, the default.
    return rootKey.getSpec() == null
        ? LeakPolicy.Revoke
        : Objects.requireNonNullElse(rootKey.getSpec().getLeakPolicy(), LeakPolicy.Revoke);
  }

  private static String conflictMessage(RootKey rootKey) {
    return "Secret "
        + DeliveryTarget.of(rootKey).secretName()
        + " already exists and is not owned by this RootKey: delete it or set"
        + " spec.secret.name to another name";
  }
}
