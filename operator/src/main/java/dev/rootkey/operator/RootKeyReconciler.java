package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.Unreadable;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.kube.OwnSecretWrites;
import dev.rootkey.operator.lifecycle.KeyLifecycle;
import dev.rootkey.operator.plan.SpecValidator;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a RootKey into one current key delivered in its Secret, rotated and expired on time.
 */
// Every event, deletions included: annotations (manual rotation) change no generation, and a
// protected RootKey being deleted keeps being reconciled until protection is turned off.
@ControllerConfiguration(
    name = RootKeyReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class RootKeyReconciler implements Reconciler<RootKey> {

  public static final String NAME = "rootkey";

  private static final Logger log = LoggerFactory.getLogger(RootKeyReconciler.class);

  private final SpecValidator validator;
  private final KeyLifecycle lifecycle;
  private final OwnSecretWrites ownSecretWrites;
  private final UnreadableRootKeys unreadable;

  /**
   * A reconciler whose Secret informer skips the events of the writes {@code ownSecretWrites} was
   * told of: the lifecycle's own.
   */
  RootKeyReconciler(
      SpecValidator validator,
      KeyLifecycle lifecycle,
      OwnSecretWrites ownSecretWrites,
      UnreadableRootKeys unreadable) {
    this.validator = validator;
    this.lifecycle = lifecycle;
    this.ownSecretWrites = ownSecretWrites;
    this.unreadable = unreadable;
  }

  @Override
  public List<EventSource<?, RootKey>> prepareEventSources(EventSourceContext<RootKey> context) {
    // Label-scoped: the cache holds only Secrets this operator manages, however many others exist.
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, RootKey.class)
            .withLabelSelector(DeliveredSecrets.SELECTOR)
            .withOnAddFilter(ownSecretWrites.adds())
            .withOnUpdateFilter(ownSecretWrites.updates())
            .withPrimaryToSecondaryMapper(
                (RootKey rootKey) -> {
                  DeliveryTarget target = DeliveryTarget.of(rootKey);
                  return Set.of(new ResourceID(target.secretName(), target.namespace()));
                })
            .build();
    // Leak reports name their RootKey; the SDK indexes them by it for getSecondaryResources.
    var leaks =
        InformerEventSourceConfiguration.from(KeyLeak.class, RootKey.class)
            .withSecondaryToPrimaryMapper(RootKeyReconciler::rootKeyOf)
            .build();
    // Usage reports name their RootKey the same way; each replica rewrites its own in batches.
    var usages =
        InformerEventSourceConfiguration.from(KeyUsage.class, RootKey.class)
            .withSecondaryToPrimaryMapper(RootKeyReconciler::rootKeyOf)
            .build();
    return List.of(
        new InformerEventSource<>(secrets, context),
        new InformerEventSource<>(leaks, context),
        new InformerEventSource<>(usages, context));
  }

  /** The RootKey a usage report names; none when its spec cannot be read. */
  private static Set<ResourceID> rootKeyOf(KeyUsage usage) {
    if (usage.getSpec() instanceof Unreadable spec) {
      log.warn(
          "KeyUsage {}/{} cannot be read and is left as it is: {}",
          usage.getMetadata().getNamespace(),
          usage.getMetadata().getName(),
          spec.problem());
      return Set.of();
    }
    return usage.getSpec() == null || usage.getSpec().getRootKey() == null
        ? Set.of()
        : Set.of(new ResourceID(usage.getSpec().getRootKey(), usage.getMetadata().getNamespace()));
  }

  /** The RootKey a leak report names; none when its spec cannot be read. */
  private static Set<ResourceID> rootKeyOf(KeyLeak leak) {
    if (leak.getSpec() instanceof Unreadable spec) {
      log.warn(
          "KeyLeak {}/{} cannot be read and is left as it is: {}",
          leak.getMetadata().getNamespace(),
          leak.getMetadata().getName(),
          spec.problem());
      return Set.of();
    }
    return leak.getSpec() == null || leak.getSpec().getRootKey() == null
        ? Set.of()
        : Set.of(new ResourceID(leak.getSpec().getRootKey(), leak.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<RootKey> reconcile(RootKey rootKey, Context<RootKey> context) {
    if (context.isPrimaryResourceDeleted()) {
      unreadable.forget(ResourceID.fromResource(rootKey));
      lifecycle.forget(rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    Optional<String> problem = Unreadable.problemOf(rootKey);
    if (problem.isPresent()) {
      // Written for another version of the API: acting on half of it could issue over keys or
      // drop a finalizer; the user is told instead, on the condition when the status can take it.
      boolean statusReadable = !(rootKey.getStatus() instanceof Unreadable);
      unreadable.report(rootKey, problem.get(), statusReadable);
      if (statusReadable) {
        // A leak is revoked all the same: a leaked key must stop verifying whatever else it says.
        lifecycle.failRevokingLeaks(
            rootKey,
            UnreadableRootKeys.REASON,
            UnreadableRootKeys.message(problem.get()),
            readableLeaks(context),
            context);
      }
      return UpdateControl.noUpdate();
    }
    unreadable.forget(ResourceID.fromResource(rootKey));
    rootKey = DeleteProtection.enforce(rootKey, context);
    if (rootKey == null) {
      // Removing the last finalizer let the delete finish.
      return UpdateControl.noUpdate();
    }
    if (rootKey.isMarkedForDeletion() && !DeleteProtection.isProtected(rootKey)) {
      // Going away: the Secret goes with it (owner reference); nothing to issue or rotate.
      return UpdateControl.noUpdate();
    }
    List<String> problems = validator.problems(rootKey);
    if (!problems.isEmpty()) {
      lifecycle.failRevokingLeaks(
          rootKey, "InvalidSpec", String.join("; ", problems), readableLeaks(context), context);
      return UpdateControl.noUpdate();
    }
    UpdateControl<RootKey> done = UpdateControl.noUpdate();
    // Time-based work (rotation, end of a grace period, expiry) is a reschedule, never polling.
    lifecycle
        .reconcile(
            rootKey,
            context.getSecondaryResource(Secret.class),
            readableLeaks(context),
            readableUsages(context),
            context)
        .ifPresent(due -> done.rescheduleAfter(lifecycle.until(due)));
    return done;
  }

  /** The KeyUsages naming this RootKey, whose spec can be read (see rootKeyOf). */
  private static List<KeyUsage> readableUsages(Context<RootKey> context) {
    return context.getSecondaryResources(KeyUsage.class).stream()
        .filter(usage -> usage.getSpec() != null && !(usage.getSpec() instanceof Unreadable))
        .toList();
  }

  /** The KeyLeaks naming this RootKey (one whose spec cannot be read names none: see rootKeyOf). */
  private static List<KeyLeak> readableLeaks(Context<RootKey> context) {
    return List.copyOf(context.getSecondaryResources(KeyLeak.class));
  }
}
