package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.plan.Observation;
import dev.rootkey.operator.plan.ReconcilePlanner;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads what a reconcile decides on: the RootKey's own key records, and its Secret from the
 * label-scoped cache or, where the cache could mislead, from the API server.
 */
final class Observer {

  private final TrustedRecords trusted;
  private final SecretStore secrets;
  private final ReconcilePlanner planner;

  /**
   * @param planner says when its plan needs the Secret as the API server holds it
   */
  Observer(TrustedRecords trusted, SecretStore secrets, ReconcilePlanner planner) {
    this.trusted = Objects.requireNonNull(trusted, "trusted");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  /**
   * The RootKey with only the records this operator wrote (a copied or made-up one is dropped at
   * the next write), its Secret, its KeyLeaks and its KeyUsage reports.
   *
   * @param cachedSecret the delivery Secret as the label-scoped informer sees it, which also holds
   *     the operator's own latest writes
   */
  Observation observe(
      RootKey rootKey,
      Optional<Secret> cachedSecret,
      List<KeyLeak> leaks,
      List<KeyUsage> usages,
      Context<RootKey> context) {
    RootKeyStatus status =
        trusted.of(rootKey, cachedSecret, () -> context.getPrimaryCache().list());
    Optional<Secret> secret = cachedSecret;
    if (planner.asksTheApiServer(rootKey, status, cachedSecret)) {
      DeliveryTarget target = DeliveryTarget.of(rootKey);
      secret = secrets.fetch(target.namespace(), target.secretName());
    }
    return new Observation(rootKey, status, secret, leaks, usages);
  }
}
