package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.issuance.DeliveryTarget;
import dev.rootkey.operator.issuance.KeyLifecycle;
import dev.rootkey.operator.issuance.SpecValidator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.OwnSecretWrites;
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
import java.util.Set;

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

  private final SpecValidator validator;
  private final KeyLifecycle lifecycle;
  private final OwnSecretWrites ownSecretWrites;

  /**
   * A reconciler whose Secret informer skips the events of the writes {@code ownSecretWrites} was
   * told of: the lifecycle's own.
   */
  public RootKeyReconciler(
      SpecValidator validator, KeyLifecycle lifecycle, OwnSecretWrites ownSecretWrites) {
    this.validator = validator;
    this.lifecycle = lifecycle;
    this.ownSecretWrites = ownSecretWrites;
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
            .withSecondaryToPrimaryMapper(
                (KeyLeak leak) ->
                    leak.getSpec() == null || leak.getSpec().getRootKey() == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(
                                leak.getSpec().getRootKey(), leak.getMetadata().getNamespace())))
            .build();
    return List.of(
        new InformerEventSource<>(secrets, context), new InformerEventSource<>(leaks, context));
  }

  @Override
  public UpdateControl<RootKey> reconcile(RootKey rootKey, Context<RootKey> context) {
    if (context.isPrimaryResourceDeleted()) {
      lifecycle.forget(rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
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
      lifecycle.fail(rootKey, "InvalidSpec", String.join("; ", problems), context);
      return UpdateControl.noUpdate();
    }
    UpdateControl<RootKey> done = UpdateControl.noUpdate();
    // Time-based work (rotation, end of a grace period, expiry) is a reschedule, never polling.
    lifecycle
        .reconcile(
            rootKey,
            context.getSecondaryResource(Secret.class),
            List.copyOf(context.getSecondaryResources(KeyLeak.class)),
            context)
        .ifPresent(due -> done.rescheduleAfter(lifecycle.until(due)));
    return done;
  }
}
