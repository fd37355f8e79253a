package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.apply.PlanExecutor;
import dev.rootkey.operator.apply.Reporter;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.plan.Expiry;
import dev.rootkey.operator.plan.IssuanceSteps;
import dev.rootkey.operator.plan.KeyPlanner;
import dev.rootkey.operator.plan.Observation;
import dev.rootkey.operator.plan.Plan;
import dev.rootkey.operator.plan.Planners;
import dev.rootkey.operator.plan.RotationDecider;
import dev.rootkey.operator.plan.Settling;
import dev.rootkey.operator.plan.StatusPlanner;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a valid RootKey's keys where they should be: one Active key in the Secret, replaced keys
 * valid for their grace period, everything Expired once the RootKey is. Each reconcile observes
 * (the RootKey's own records, its Secret, its KeyLeaks, the clock), decides (a {@link Plan} of
 * writes, in the crash-safe order of {@link IssuanceSteps}) and applies; what follows the issuance
 * writes is planned on what they wrote.
 */
public class KeyLifecycle {

  private final Observer observer;
  private final Planners planners;
  private final PlanExecutor executor;
  private final StatusPlanner clock;

  KeyLifecycle(Observer observer, Planners planners, PlanExecutor executor, StatusPlanner clock) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.planners = Objects.requireNonNull(planners, "planners");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A lifecycle issuing keys from {@code generator} and sealing their records with {@code seal}.
   */
  public static KeyLifecycle create(
      KeyGenerator generator,
      Clock clock,
      RecordSeal seal,
      LifecycleStores stores,
      Reporter reporter) {
    StatusPlanner statuses = new StatusPlanner(clock);
    return new KeyLifecycle(
        new Observer(new TrustedRecords(seal, stores.secrets()), stores.secrets()),
        new Planners(
            new Expiry(statuses),
            new KeyPlanner(
                statuses, new RotationDecider(), new IssuanceSteps(statuses, seal), generator),
            new Settling(statuses)),
        new PlanExecutor(stores, reporter, statuses),
        statuses);
  }

  /**
   * @param cachedSecret the delivery Secret as the label-scoped informer sees it
   * @param leaks the KeyLeaks naming this RootKey
   * @return when to look again for time-based work (rotation, grace end, expiry), if ever
   */
  public Optional<Instant> reconcile(
      RootKey rootKey,
      Optional<Secret> cachedSecret,
      List<KeyLeak> leaks,
      Context<RootKey> context) {
    RootKeyStatus trusted = observer.trustedStatus(rootKey, cachedSecret, context);
    if (planners.expiry().reached(rootKey)) {
      executor.apply(planners.expiry().expire(rootKey, trusted, leaks).steps(), rootKey, context);
      return Optional.empty();
    }
    Observation seen = observer.observe(rootKey, trusted, cachedSecret, leaks);
    KeyPlanner.Decision decided = planners.keys().decide(seen);
    PlanExecutor.Applied applied = executor.apply(decided.steps(), rootKey, context);
    if (!decided.settles()) {
      return Optional.empty();
    }
    Plan settle = planners.settling().settle(seen, decided, applied.rootKey(), applied.secret());
    executor.apply(settle.steps(), applied.rootKey(), context);
    return settle.wakeUp();
  }

  /** The RootKey is gone: its metrics go too. */
  public void forget(String namespace, String name) {
    executor.forget(namespace, name);
  }

  /**
   * Reports that the operator cannot act on a spec (Ready=False, phase Failed, told only when that
   * is news), and revokes each key its unanswered KeyLeaks report: see {@link
   * KeyPlanner#failRevokingLeaks}.
   */
  public void failRevokingLeaks(
      RootKey rootKey,
      String reason,
      String message,
      List<KeyLeak> leaks,
      Context<RootKey> context) {
    executor.apply(
        planners.keys().failRevokingLeaks(rootKey, reason, message, leaks).steps(),
        rootKey,
        context);
  }

  /** How long until {@code due}, never negative. */
  public Duration until(Instant due) {
    Duration wait = Duration.between(clock.now(), due);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
