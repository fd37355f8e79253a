package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.OperatorSettings;
import dev.rootkey.operator.kube.DeliveredSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;

/**
 * The least an operator on the SDK does to issue keys: the convergence comparison's SDK floor. It
 * keeps the informers the operator keeps (its RootKeys, and its Secrets by label) and makes the
 * plain loop's three writes ({@link IssuanceWrites}) once per RootKey without status; nothing else:
 * no validation, Events, audit, metrics, rotation or leaks. The SDK's defaults skip the events of
 * its own status writes (they change no generation), and the Secret informer starts no reconcile on
 * an add, so each RootKey is reconciled once, as under the operator.
 */
@ControllerConfiguration(name = "bare-sdk")
final class BareSdkReconciler implements Reconciler<RootKey> {

  private final IssuanceWrites writes;

  BareSdkReconciler(IssuanceWrites writes) {
    this.writes = writes;
  }

  /**
   * The SDK floor for {@code namespace}: the SDK with the operator's settings, reconciling with the
   * loop's writes; not yet started.
   */
  static Operator operator(KubernetesClient client, IssuanceWrites writes, String namespace) {
    Operator operator =
        new Operator(
            o ->
                OperatorSettings.apply(
                    o.withKubernetesClient(client).withCloseClientOnStop(false)));
    operator.register(
        new BareSdkReconciler(writes), config -> config.settingNamespaces(Set.of(namespace)));
    return operator;
  }

  @Override
  public List<EventSource<?, RootKey>> prepareEventSources(EventSourceContext<RootKey> context) {
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, RootKey.class)
            .withLabelSelector(DeliveredSecrets.SELECTOR)
            .withOnAddFilter(secret -> false)
            .build();
    return List.of(new InformerEventSource<>(secrets, context));
  }

  @Override
  public UpdateControl<RootKey> reconcile(RootKey rootKey, Context<RootKey> context) {
    if (rootKey.getStatus() == null || rootKey.getStatus().getPhase() == null) {
      writes.issue(context.getClient(), rootKey);
    }
    return UpdateControl.noUpdate();
  }
}
