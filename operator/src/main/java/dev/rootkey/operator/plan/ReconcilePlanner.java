package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a reconcile's one {@link Plan}: the RootKey's expiry, or the steps its keys need together
 * with what settles them, and when to look again.
 */
public final class ReconcilePlanner {

  private final Expiry expiry;
  private final KeyPlanner keys;
  private final Settling settling;

  public ReconcilePlanner(Expiry expiry, KeyPlanner keys, Settling settling) {
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.settling = Objects.requireNonNull(settling, "settling");
  }

  /** Every write the reconcile makes, in order, and its wake-up. */
  public Plan plan(Observation seen) {
    if (expiry.reached(seen.rootKey())) {
      return expiry.expire(seen.rootKey(), seen.trusted(), seen.leaks());
    }
    KeyPlanner.Decision decided = keys.decide(seen);
    if (!decided.settles()) {
      return new Plan(decided.steps(), Optional.empty());
    }
    Plan settled = settling.settle(seen, decided);
    List<Step> steps = new ArrayList<>(decided.steps());
    steps.addAll(settled.steps());
    return new Plan(steps, settled.wakeUp());
  }

  /**
   * Whether the plan is made on the Secret as the API server holds it rather than as the cache
   * shows it: see {@link KeyPlanner#asksTheApiServer}. An expired RootKey's plan reads no Secret.
   */
  public boolean asksTheApiServer(RootKey rootKey, RootKeyStatus trusted, Optional<Secret> cached) {
    return !expiry.reached(rootKey) && KeyPlanner.asksTheApiServer(rootKey, trusted, cached);
  }

  /** See {@link KeyPlanner#failRevokingLeaks}. */
  public Plan failRevokingLeaks(
      RootKey rootKey, String reason, String message, List<KeyLeak> leaks) {
    return keys.failRevokingLeaks(rootKey, reason, message, leaks);
  }
}
