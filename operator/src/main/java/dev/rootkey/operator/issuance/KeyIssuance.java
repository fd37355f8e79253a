package dev.rootkey.operator.issuance;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.kube.StatusStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a valid RootKey to one Active key that is in its Secret.
 *
 * <p>A new key is issued in three durable steps: (1) its hash is recorded as a Pending record, (2)
 * the Secret is written, (3) the record becomes Active. Pending keys verify, so a key is never in a
 * Secret without a record that makes it verify. A crash between steps leaves a Pending record that
 * the next reconcile finishes (the Secret holds it) or forgets (it never left this process).
 */
public class KeyIssuance {

  private static final Logger log = LoggerFactory.getLogger(KeyIssuance.class);

  private final KeyGenerator generator;
  private final StatusPlanner planner;
  private final StatusStore statuses;
  private final SecretStore secrets;
  private final KeyEvents events;

  public KeyIssuance(
      KeyGenerator generator,
      StatusPlanner planner,
      StatusStore statuses,
      SecretStore secrets,
      KeyEvents events) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param cachedSecret the delivery Secret as the label-scoped informer sees it
   */
  public void reconcile(RootKey rootKey, Optional<Secret> cachedSecret, Context<RootKey> context) {
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    RootKeyStatus status =
        rootKey.getStatus() == null ? new RootKeyStatus() : new RootKeyStatus(rootKey.getStatus());

    Optional<KeyRecord> pending = StatusPlanner.pending(status);
    if (pending.isPresent()) {
      Optional<Secret> secret = secrets.fetch(target.namespace(), target.secretName());
      if (secret.isPresent()
          && DeliveredSecrets.ownedBy(secret.get(), rootKey)
          && DeliveredSecrets.holds(secret.get(), target, pending.get().getHash())) {
        activate(rootKey, status, pending.get(), context);
        return;
      }
      log.info(
          "Forgetting undelivered pending key {} of {}/{}",
          pending.get().getId(),
          target.namespace(),
          rootKey.getMetadata().getName());
      status = planner.withoutPending(status);
    }

    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (current.isPresent() && intact(cachedSecret, rootKey, target, current.get())) {
      steady(rootKey, status, current.get(), cachedSecret.get(), context);
      return;
    }
    // The cache may not have seen our own latest write yet: ask the API server before acting.
    Optional<Secret> secret = secrets.fetch(target.namespace(), target.secretName());
    if (secret.isPresent() && !DeliveredSecrets.ownedBy(secret.get(), rootKey)) {
      conflict(rootKey, status, target, context);
      return;
    }
    if (current.isPresent() && intact(secret, rootKey, target, current.get())) {
      steady(rootKey, status, current.get(), secret.get(), context);
      return;
    }
    IssueTrigger trigger = current.isPresent() ? IssueTrigger.SecretLost : IssueTrigger.Created;
    issue(rootKey, status, target, secret, trigger, context);
  }

  private static boolean intact(
      Optional<Secret> secret, RootKey rootKey, DeliveryTarget target, KeyRecord current) {
    return secret.isPresent()
        && DeliveredSecrets.ownedBy(secret.get(), rootKey)
        && DeliveredSecrets.holds(secret.get(), target, current.getHash());
  }

  private void issue(
      RootKey rootKey,
      RootKeyStatus status,
      DeliveryTarget target,
      Optional<Secret> existing,
      IssueTrigger trigger,
      Context<RootKey> context) {
    GeneratedKey key = generator.generate(target.prefix());
    // Step 1: the hash is on record before the key exists anywhere else.
    RootKeyStatus withPending = planner.withPending(status, key);
    RootKey recorded = statuses.write(withStatus(rootKey, withPending), context);
    // Step 2: deliver. From here on the key verifies, as Pending and then as Active.
    secrets.write(DeliveredSecrets.withKey(recorded, target, key, existing));
    if (trigger == IssueTrigger.SecretLost) {
      events.warning(
          recorded,
          "SecretLost",
          "Secret "
              + target.secretName()
              + " no longer held key "
              + status.getCurrentKeyId()
              + "; issued "
              + key.id()
              + " in its place");
    }
    // Step 3: activate.
    activate(recorded, withPending, StatusPlanner.pending(withPending).orElseThrow(), context);
  }

  private void activate(
      RootKey rootKey, RootKeyStatus status, KeyRecord pending, Context<RootKey> context) {
    Optional<KeyRecord> replaced = StatusPlanner.current(status);
    RootKeyStatus activated =
        planner.activated(status, pending.getId(), KeyReason.SecretLost, generation(rootKey));
    RootKey written = statuses.write(withStatus(rootKey, activated), context);
    replaced.ifPresent(
        old ->
            events.normal(
                written,
                "KeyRevoked",
                "Key " + old.getId() + " (" + old.getStart() + "...) revoked: SecretLost"));
    events.normal(
        written,
        "KeyIssued",
        "Key "
            + pending.getId()
            + " ("
            + pending.getStart()
            + "...) issued into Secret "
            + DeliveryTarget.of(written).secretName());
  }

  private void steady(
      RootKey rootKey,
      RootKeyStatus status,
      KeyRecord current,
      Secret secret,
      Context<RootKey> context) {
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    if (!DeliveredSecrets.hasCurrentMetadata(rootKey, target, current.getId(), secret)) {
      secrets.write(DeliveredSecrets.withCurrentMetadata(rootKey, target, current.getId(), secret));
    }
    writeIfChanged(rootKey, planner.ready(status, generation(rootKey)), context);
  }

  private void conflict(
      RootKey rootKey, RootKeyStatus status, DeliveryTarget target, Context<RootKey> context) {
    fail(
        rootKey,
        status,
        "SecretConflict",
        "Secret "
            + target.secretName()
            + " already exists and is not owned by this RootKey: delete it or set"
            + " spec.secret.name to another name",
        context);
  }

  /**
   * Reports that the operator cannot act (Ready=False, phase Failed) until the user changes
   * something; writes and emits a warning only when that is news.
   */
  public void fail(RootKey rootKey, String reason, String message, Context<RootKey> context) {
    RootKeyStatus status =
        rootKey.getStatus() == null ? new RootKeyStatus() : new RootKeyStatus(rootKey.getStatus());
    fail(rootKey, status, reason, message, context);
  }

  private void fail(
      RootKey rootKey,
      RootKeyStatus status,
      String reason,
      String message,
      Context<RootKey> context) {
    if (writeIfChanged(
        rootKey, planner.failed(status, reason, message, generation(rootKey)), context)) {
      events.warning(rootKey, reason, message);
    }
  }

  /** Writes the status only if it differs from the stored one; true when it wrote. */
  boolean writeIfChanged(RootKey rootKey, RootKeyStatus next, Context<RootKey> context) {
    if (next.equals(rootKey.getStatus())) {
      return false;
    }
    statuses.write(withStatus(rootKey, next), context);
    return true;
  }

  static RootKey withStatus(RootKey rootKey, RootKeyStatus status) {
    RootKey copy = new RootKey();
    copy.setMetadata(new ObjectMetaBuilder(rootKey.getMetadata()).build());
    copy.setSpec(rootKey.getSpec());
    copy.setStatus(status);
    return copy;
  }

  static long generation(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getGeneration(), 0L);
  }
}
