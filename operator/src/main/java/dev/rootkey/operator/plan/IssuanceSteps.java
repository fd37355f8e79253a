package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of an issuance, in the only order that is crash-safe: (1) the new key's hash is
 * recorded as a Pending record, (2) the Secret is written, (3) the record becomes Active and the
 * key it replaces Expiring. Pending keys verify, so a key is never in a Secret without a record
 * that makes it verify. A crash between steps leaves a Pending record that the next reconcile
 * finishes with step 3 alone (the Secret holds it) or forgets and issues again (the key never left
 * the dead process).
 */
public final class IssuanceSteps {

  private final StatusPlanner planner;
  private final RecordSeal seal;

  public IssuanceSteps(StatusPlanner planner, RecordSeal seal) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.seal = Objects.requireNonNull(seal, "seal");
  }

  /**
   * Steps 1 to 3 for {@code key}, added to {@code steps}.
   *
   * @param existing the Secret as observed, replaced by step 2
   * @param current the key in it now, if it holds one
   * @param keep ids of records to keep whatever the history limit
   * @return the status the steps leave
   */
  RootKeyStatus issue(
      RootKey rootKey,
      RootKeyStatus status,
      Optional<Secret> existing,
      Optional<KeyRecord> current,
      RotationRequest request,
      GeneratedKey key,
      Set<String> keep,
      List<Step> steps) {
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    Map<String, String> annotations = RootKeys.annotations(rootKey);
    // Step 1: the hash is on record before the key exists anywhere else.
    RootKeyStatus withPending =
        withNewKeySealed(
            seal,
            rootKey,
            planner.graceOverrideSeen(planner.withPending(status, key, request), annotations),
            key);
    steps.add(new Step.WriteStatus(withPending, List.of()));
    // The rotation, its grace included, is on record (an interrupted one resumes from status):
    // a rotate-grace annotation has done its job.
    spendGraceOverride(annotations, status, request, steps);
    // Step 2: deliver. From here on the key verifies, as Pending and then as Active. The key it
    // replaces moves to the previous-key entry, if the user asked for one.
    Optional<String> previousToken =
        existing
            .filter(s -> request.trigger() != IssueTrigger.Leaked)
            .filter(s -> current.isPresent() && KeyPlanner.intact(existing, rootKey, current.get()))
            .flatMap(s -> DeliveredSecrets.heldToken(s, target));
    steps.add(
        new Step.WriteSecret(
            DeliveredSecrets.withKey(rootKey, target, key, existing, previousToken), existing));
    if (request.trigger() == IssueTrigger.SecretLost) {
      steps.add(
          new Step.Tell(
              new Report.SecretLost(target.secretName(), status.getCurrentKeyId(), key.id())));
    }
    KeyRecord pending = StatusPlanner.pending(withPending).orElseThrow();
    return activate(
        rootKey, withPending, pending, RotationPolicy.of(rootKey.getSpec()), keep, steps);
  }

  /**
   * Step 3: the pending key, which the Secret holds, becomes Active; also how the next reconcile
   * finishes an issuance a crash interrupted after step 2.
   */
  RootKeyStatus activate(
      RootKey rootKey,
      RootKeyStatus status,
      KeyRecord pending,
      RotationPolicy policy,
      Set<String> keep,
      List<Step> steps) {
    // The key this one replaces: Active, or already revoked by a leak in step 1.
    Optional<KeyRecord> replaced =
        status.getKeys().stream()
            .filter(k -> k.getId().equals(status.getCurrentKeyId()))
            .filter(k -> !k.getId().equals(pending.getId()))
            .findFirst();
    RotationRequest request =
        StatusPlanner.interrupted(status)
            .orElse(RotationRequest.of(IssueTrigger.SecretLost, policy.gracePeriod()));
    RootKeyStatus activated =
        planner.activated(status, pending.getId(), policy, RootKeys.generation(rootKey), keep);
    // Pods rolled now start with the new key, which already verifies as Pending; recording the
    // restart in the activation write keeps Ready and the restart report one change.
    steps.add(new Step.RollRestartTargets(restartTargets(rootKey), activated.getCurrentKeyId()));
    // What is told is taken from the planned status: nothing between the write and the report
    // can fail and leave the rotation unreported.
    KeyRecord issued = recordOf(activated, pending.getId()).orElse(pending);
    Optional<KeyRecord> old = replaced.map(r -> recordOf(activated, r.getId()).orElse(r));
    steps.add(
        new Step.WriteStatus(
            activated,
            List.of(
                new Report.Activated(
                    issued, old, request, DeliveryTarget.of(rootKey).secretName()))));
    return activated;
  }

  /**
   * A rotation asked for by annotation, once on record, has taken the rotate-grace annotation into
   * account (used it, or ignored it as spent): the operator removes it, as Argo CD removes its
   * one-shot refresh annotation, so the next rotate value alone gets the spec's grace and setting
   * the override again with it, even to the same value, counts as new. Should the removal fail, the
   * value stays spent all the same (status.lastRotateGrace, written with the rotation).
   *
   * @param before the status the rotation was decided on
   */
  private static void spendGraceOverride(
      Map<String, String> annotations,
      RootKeyStatus before,
      RotationRequest request,
      List<Step> steps) {
    String grace = annotations.get(RotationAnnotations.ROTATE_GRACE);
    // One present at creation is never used, and left where the user put it.
    if (grace == null || request.trigger() != IssueTrigger.Manual) {
      return;
    }
    if (RotationDecider.graceOverride(annotations, before).isEmpty()) {
      steps.add(
          new Step.Tell(
              new Report.GraceOverrideIgnored(
                  request.annotationValue().orElse(""), grace, request.gracePeriod())));
    }
    steps.add(new Step.RemoveAnnotation(RotationAnnotations.ROTATE_GRACE, grace));
  }

  static List<RestartTarget> restartTargets(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getSpec().getRestartTargets(), List.of());
  }

  private static Optional<KeyRecord> recordOf(RootKeyStatus status, String id) {
    return status.getKeys().stream().filter(k -> k.getId().equals(id)).findFirst();
  }

  /** {@code status} with the record of {@code key}, just generated for this RootKey, sealed. */
  public static RootKeyStatus withNewKeySealed(
      RecordSeal seal, RootKey rootKey, RootKeyStatus status, GeneratedKey key) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.getKeys()
        .replaceAll(
            k ->
                key.id().equals(k.getId()) && key.hash().equals(k.getHash())
                    ? seal.sealed(
                        rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getUid(), k)
                    : k);
    return next;
  }
}
