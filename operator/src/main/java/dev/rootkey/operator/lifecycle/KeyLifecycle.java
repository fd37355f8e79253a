package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
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
import dev.rootkey.operator.plan.ReconcilePlanner;
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
 * (the RootKey's own records, its Secret, its KeyLeaks), decides one {@link Plan} of writes (in the
 * crash-safe order of {@link IssuanceSteps}) and its wake-up, and applies it.
 */
public class KeyLifecycle {

  private final Observer observer;
  private final ReconcilePlanner planner;
  private final PlanExecutor executor;
  private final StatusPlanner clock;

  KeyLifecycle(
      Observer observer, ReconcilePlanner planner, PlanExecutor executor, StatusPlanner clock) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.planner = Objects.requireNonNull(planner, "planner");
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
    ReconcilePlanner planner =
        new ReconcilePlanner(
            new Expiry(statuses),
            new KeyPlanner(
                statuses, new RotationDecider(), new IssuanceSteps(statuses, seal), generator),
            new Settling(statuses));
    return new KeyLifecycle(
        new Observer(new TrustedRecords(seal, stores.secrets()), stores.secrets(), planner),
        planner,
        new PlanExecutor(stores, reporter, statuses),
        statuses);
  }

  /**
   * @param cachedSecret the delivery Secret as the label-scoped informer sees it
   * @param leaks the KeyLeaks naming this RootKey
   * @param usages the KeyUsage reports naming this RootKey
   * @return when to look again for time-based work (rotation, grace end, expiry, a replaced key
   *     turning idle), if ever
   */
  public Optional<Instant> reconcile(
      RootKey rootKey,
      Optional<Secret> cachedSecret,
      List<KeyLeak> leaks,
      List<KeyUsage> usages,
      Context<RootKey> context) {
    Observation seen = observer.observe(rootKey, cachedSecret, leaks, usages, context);
    Plan plan = planner.plan(seen);
    executor.apply(plan.steps(), rootKey, context);
    return plan.wakeUp();
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
        planner.failRevokingLeaks(rootKey, reason, message, leaks).steps(), rootKey, context);
  }

  /** How long until {@code due}, never negative. */
  public Duration until(Instant due) {
    Duration wait = Duration.between(clock.now(), due);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
