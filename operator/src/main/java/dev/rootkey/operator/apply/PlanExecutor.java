package dev.rootkey.operator.apply;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.operator.kube.InformerWrites;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.plan.Report;
import dev.rootkey.operator.plan.RootKeys;
import dev.rootkey.operator.plan.StatusPlanner;
import dev.rootkey.operator.plan.Step;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs a plan's steps in order and tells what was done. Each status write carries the
 * resourceVersion of the RootKey as the previous write left it, each Secret write the one it was
 * read with or, after a Secret write of the same plan, the one that write returned: a concurrent
 * change fails the plan with 409, and the SDK reconciles again from fresh state. A failed step ends
 * the plan, so nothing after it is done or told.
 */
public final class PlanExecutor {

  private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

  private final LifecycleStores stores;
  private final Reporter reporter;
  private final StatusPlanner planner;

  public PlanExecutor(LifecycleStores stores, Reporter reporter, StatusPlanner planner) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  /** How the last roll of restart targets went: it goes into the status writes that follow. */
  private record Rolled(int targets, List<String> missing) {}

  public void apply(List<Step> steps, RootKey rootKey, Context<RootKey> context) {
    RootKey latest = rootKey;
    Optional<Secret> secret = Optional.empty();
    Optional<Rolled> rolled = Optional.empty();
    boolean annotationLeft = false;
    for (Step step : steps) {
      if (step instanceof Step.WriteStatus write) {
        RootKeyStatus next = write.status();
        if (rolled.isPresent()) {
          next =
              planner
                  .conditions()
                  .restarted(
                      next,
                      rolled.get().targets(),
                      rolled.get().missing(),
                      RootKeys.generation(latest));
        }
        if (annotationLeft) {
          // Planned on its removal: the annotation still there keeps its value spent.
          next = planner.graceOverrideSeen(next, RootKeys.annotations(latest));
        }
        if (!next.equals(latest.getStatus())) {
          latest = stores.statuses().write(RootKeys.withStatus(latest, next), context);
          for (Report report : write.reports()) {
            reporter.tell(latest, report);
          }
        }
      } else if (step instanceof Step.WriteSecret write) {
        Secret written =
            stores.secrets().write(secret.map(s -> at(write.secret(), s)).orElse(write.secret()));
        // The label-scoped informer's cache gets it now: the reconcile it triggers sees it.
        InformerWrites.remember(context, Secret.class, written, secret.or(write::previous));
        secret = Optional.of(written);
      } else if (step instanceof Step.RemoveAnnotation remove) {
        Optional<RootKey> removed = removeAnnotation(latest, remove, context);
        annotationLeft |= removed.isEmpty();
        latest = removed.orElse(latest);
      } else if (step instanceof Step.RollRestartTargets roll) {
        List<String> missing =
            stores
                .restarter()
                .restart(latest.getMetadata().getNamespace(), roll.targets(), roll.keyId());
        if (!missing.isEmpty()) {
          reporter.restartTargetsMissing(latest, missing);
        }
        rolled = Optional.of(new Rolled(roll.targets().size(), missing));
      } else if (step instanceof Step.AnswerLeak answer) {
        // Told before the answer is written: the action is already taken, and should the answer
        // not land, the next reconcile answers (and tells) again; told after it, a process dying
        // in between would leave the revocation without its audit record for good.
        reporter.leakAnswered(latest, answer);
        // Cached at once: a reconcile right after this one must not take the leak as unanswered.
        InformerWrites.remember(
            context,
            KeyLeak.class,
            stores.leaks().answer(answer.leak(), answer.answer()),
            Optional.of(answer.leak()));
      } else if (step instanceof Step.DeleteUsage delete) {
        deleteUsage(delete.usage());
      } else if (step instanceof Step.Tell tell) {
        reporter.tell(latest, tell.report());
      } else {
        throw new IllegalArgumentException("unknown step " + step.getClass().getName());
      }
    }
  }

  /** {@code secret} replacing {@code written}: from the resourceVersion that write returned. */
  private static Secret at(Secret secret, Secret written) {
    return new SecretBuilder(secret)
        .editMetadata()
        .withResourceVersion(written.getMetadata().getResourceVersion())
        .endMetadata()
        .build();
  }

  /** The RootKey is gone: what is kept about it goes too. */
  public void forget(String namespace, String name) {
    reporter.forget(namespace, name);
  }

  /**
   * A report status no longer needs goes; failing to delete it ends nothing: it goes with its
   * RootKey (owner reference), or at a later reconcile.
   */
  private void deleteUsage(KeyUsage usage) {
    try {
      if (!stores.usages().deleteIfUnchanged(usage)) {
        log.debug(
            "KeyUsage {}/{} changed or went away since it was read; left as it is",
            usage.getMetadata().getNamespace(),
            usage.getMetadata().getName());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not delete KeyUsage {}/{}; a later reconcile tries again: {}",
          usage.getMetadata().getNamespace(),
          usage.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** The RootKey as the removal left it; empty when the annotation stays. */
  private Optional<RootKey> removeAnnotation(
      RootKey rootKey, Step.RemoveAnnotation remove, Context<RootKey> context) {
    try {
      return Optional.of(
          stores.annotations().remove(rootKey, remove.name(), remove.value(), context));
    } catch (RuntimeException e) {
      log.warn(
          "Could not remove {} from {}/{}; it stays spent: {}",
          remove.name(),
          rootKey.getMetadata().getNamespace(),
          rootKey.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }
}
