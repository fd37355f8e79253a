package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.apply.KeyJournal;
import dev.rootkey.operator.apply.LeakAnswers;
import dev.rootkey.operator.kube.AnnotationStore;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.kube.InformerWrites;
import dev.rootkey.operator.kube.LeakStore;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.kube.StatusStore;
import dev.rootkey.operator.kube.WorkloadRestarter;
import dev.rootkey.operator.metrics.KeyMetrics;
import dev.rootkey.operator.plan.LeakTriage;
import dev.rootkey.operator.plan.RotationDecider;
import dev.rootkey.operator.plan.RotationPolicy;
import dev.rootkey.operator.plan.RotationRequest;
import dev.rootkey.operator.plan.StatusPlanner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a valid RootKey's keys where they should be: one Active key in the Secret, replaced keys
 * valid for their grace period, everything Expired once the RootKey is.
 *
 * <p>A new key is issued in three durable steps: (1) its hash is recorded as a Pending record, (2)
 * the Secret is written, (3) the record becomes Active and the key it replaces Expiring. Pending
 * keys verify, so a key is never in a Secret without a record that makes it verify. A crash between
 * steps leaves a Pending record that the next reconcile finishes (the Secret holds it) or forgets
 * and issues again the same way (the key never left the dead process).
 */
public class KeyLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyLifecycle.class);
  private static final String SECRET_CONFLICT = "SecretConflict";

  private final KeyGenerator generator;
  private final StatusPlanner planner;
  private final RotationDecider decider;
  private final StatusStore statuses;
  private final SecretStore secrets;
  private final AnnotationStore annotationStore;
  private final WorkloadRestarter restarter;
  private final KeyJournal journal;
  private final KeyMetrics metrics;
  private final LeakTriage triage = new LeakTriage();
  private final LeakAnswers leakAnswers;
  private final TrustedRecords trusted;

  public KeyLifecycle(
      KeyGenerator generator,
      StatusPlanner planner,
      RotationDecider decider,
      StatusStore statuses,
      SecretStore secrets,
      AnnotationStore annotationStore,
      WorkloadRestarter restarter,
      LeakStore leakStore,
      KeyJournal journal,
      KeyMetrics metrics,
      RecordSeal seal) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.decider = Objects.requireNonNull(decider, "decider");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.annotationStore = Objects.requireNonNull(annotationStore, "annotationStore");
    this.restarter = Objects.requireNonNull(restarter, "restarter");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.leakAnswers = new LeakAnswers(leakStore, journal, metrics, planner);
    this.trusted = new TrustedRecords(seal, secrets);
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
    RotationPolicy policy = RotationPolicy.of(rootKey.getSpec());
    // Only the records this operator wrote: a copied or made-up one is dropped at the next write.
    RootKeyStatus stored =
        trusted.of(rootKey, cachedSecret, () -> context.getPrimaryCache().list());
    Set<String> named = namedByLeaks(leaks);
    if (policy.expiredAt(planner.now())) {
      RootKeyStatus expired = expire(rootKey, stored, policy, context);
      metrics.expired(rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName());
      leakAnswers.answer(rootKey, triage.triage(leaks, expired, leakPolicy(rootKey)), context);
      return Optional.empty();
    }
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    RootKeyStatus status = planner.expireDue(stored);
    Optional<RotationRequest> request = Optional.empty();
    // The label-scoped cache, which also holds our own latest writes; or, where this reconcile had
    // to ask, what the API server holds.
    Optional<Secret> secret = cachedSecret;
    boolean fetched = false;

    Optional<KeyRecord> pending = StatusPlanner.pending(status);
    if (pending.isPresent()) {
      secret = secrets.fetch(target.namespace(), target.secretName());
      fetched = true;
      if (secret.isPresent()
          && DeliveredSecrets.ownedBy(secret.get(), rootKey)
          && DeliveredSecrets.holds(secret.get(), target, pending.get().getHash())) {
        rootKey = activate(rootKey, status, pending.get(), policy, named, context);
        // The delivered key is current now; leaks and requests are looked at as on any reconcile,
        // so a leak whose rotation a crash interrupted is answered here too.
        status = statusOf(rootKey);
      } else {
        log.info(
            "Forgetting undelivered pending key {} of {}/{}",
            pending.get().getId(),
            target.namespace(),
            rootKey.getMetadata().getName());
        request = StatusPlanner.interrupted(status);
        status = planner.withoutPending(status);
      }
    }

    List<LeakTriage.Decision> leakDecisions = triage.triage(leaks, status, leakPolicy(rootKey));
    for (LeakTriage.Decision decision : leakDecisions) {
      if (decision.action() == LeakAction.Revoked && !decision.revokesCurrent()) {
        status = planner.revokedForLeak(status, decision.leak().getSpec().getKeyId());
      }
    }
    if (leakDecisions.stream().anyMatch(LeakTriage.Decision::revokesCurrent)) {
      // Nothing is more urgent: the leaked key is revoked in the issuance's first write.
      request = Optional.of(RotationRequest.of(IssueTrigger.Leaked, "0s"));
    }

    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (!fetched
        && (current.isPresent()
            ? !intact(secret, rootKey, target, current.get())
            : lastFoundConflict(status))) {
      // The cache may lag behind the API server: ask it before declaring the key lost. And it
      // cannot show an unlabelled Secret: ask whether the one in the way last time is still there.
      secret = secrets.fetch(target.namespace(), target.secretName());
    }
    // Never written: a Secret of that name this RootKey does not own. One the label-scoped cache
    // cannot show (unlabelled) makes the first issuance's create answer 409 AlreadyExists, and
    // the reconcile that retries it finds the Secret here, having fetched it for the pending key.
    if (secret.isPresent() && !DeliveredSecrets.ownedBy(secret.get(), rootKey)) {
      fail(rootKey, status, SECRET_CONFLICT, conflictMessage(target), context);
      return Optional.empty();
    }
    if (request.isEmpty()) {
      request = whatToIssue(rootKey, status, policy, current, secret, target);
    }
    Optional<Instant> due;
    if (request.isPresent()) {
      Issued issued =
          issue(rootKey, status, target, secret, current, request.get(), policy, named, context);
      rootKey = issued.rootKey();
      // The Secret just written is the one to settle: reading it back would cost a request.
      due =
          settle(
              rootKey,
              statusOf(rootKey),
              stored,
              policy,
              Optional.of(issued.secret()),
              named,
              context);
    } else {
      due = settle(rootKey, status, stored, policy, secret, named, context);
    }
    leakAnswers.answer(rootKey, leakDecisions, context);
    return due;
  }

  /**
   * A rotation asked for by annotation, once on record, has taken the rotate-grace annotation into
   * account (used it, or ignored it as spent): the operator removes it, as Argo CD removes its
   * one-shot refresh annotation, so the next rotate value alone gets the spec's grace and setting
   * the override again with it, even to the same value, counts as new. Should the removal fail, the
   * value stays spent all the same (status.lastRotateGrace, written with the rotation).
   *
   * @param before the status the rotation was decided on
   * @return the RootKey as stored now
   */
  private RootKey spendGraceOverride(
      RootKey rootKey, RootKeyStatus before, RotationRequest request, Context<RootKey> context) {
    String grace = annotations(rootKey).get(RotationAnnotations.ROTATE_GRACE);
    // One present at creation is never used, and left where the user put it.
    if (grace == null || request.trigger() != IssueTrigger.Manual) {
      return rootKey;
    }
    if (RotationDecider.graceOverride(annotations(rootKey), before).isEmpty()) {
      journal.graceOverrideIgnored(
          rootKey, request.annotationValue().orElse(""), grace, request.gracePeriod());
    }
    try {
      return annotationStore.remove(rootKey, RotationAnnotations.ROTATE_GRACE, grace, context);
    } catch (RuntimeException e) {
      log.warn(
          "Could not remove {} from {}/{}; it stays spent: {}",
          RotationAnnotations.ROTATE_GRACE,
          rootKey.getMetadata().getNamespace(),
          rootKey.getMetadata().getName(),
          e.getMessage());
      return rootKey;
    }
  }

  /** The key ids the RootKey's KeyLeaks name: their records stay whatever the history limit. */
  private static Set<String> namedByLeaks(List<KeyLeak> leaks) {
    return leaks.stream()
        .map(KeyLeak::getSpec)
        .filter(Objects::nonNull)
        .map(KeyLeakSpec::getKeyId)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  private static boolean lastFoundConflict(RootKeyStatus status) {
    return StatusPlanner.condition(status, StatusPlanner.READY)
        .filter(ready -> SECRET_CONFLICT.equals(ready.getReason()))
        .isPresent();
  }

  private static LeakPolicy leakPolicy(RootKey rootKey) {
    // No spec at all (an invalid RootKey): a leak is revoked, the default.
    return rootKey.getSpec() == null
        ? LeakPolicy.Revoke
        : Objects.requireNonNullElse(rootKey.getSpec().getLeakPolicy(), LeakPolicy.Revoke);
  }

  private Optional<RotationRequest> whatToIssue(
      RootKey rootKey,
      RootKeyStatus status,
      RotationPolicy policy,
      Optional<KeyRecord> current,
      Optional<Secret> secret,
      DeliveryTarget target) {
    if (current.isEmpty()) {
      // A rotate annotation present at creation is taken as already handled.
      return Optional.of(
          new RotationRequest(
              IssueTrigger.Created,
              policy.gracePeriod(),
              RotationDecider.unhandledRequest(annotations(rootKey), status),
              Optional.empty()));
    }
    if (!intact(secret, rootKey, target, current.get())) {
      // Running pods may still hold the lost key: it keeps its grace period.
      return Optional.of(RotationRequest.of(IssueTrigger.SecretLost, policy.gracePeriod()));
    }
    return decider.due(
        annotations(rootKey), planner.scheduled(status, policy), policy, planner.now());
  }

  private static boolean intact(
      Optional<Secret> secret, RootKey rootKey, DeliveryTarget target, KeyRecord current) {
    return secret.isPresent()
        && DeliveredSecrets.ownedBy(secret.get(), rootKey)
        && DeliveredSecrets.holds(secret.get(), target, current.getHash());
  }

  /** What an issuance wrote: the RootKey with the new key Active, and the Secret holding it. */
  private record Issued(RootKey rootKey, Secret secret) {}

  private Issued issue(
      RootKey rootKey,
      RootKeyStatus status,
      DeliveryTarget target,
      Optional<Secret> existing,
      Optional<KeyRecord> current,
      RotationRequest request,
      RotationPolicy policy,
      Set<String> named,
      Context<RootKey> context) {
    GeneratedKey key = generator.generate(target.prefix());
    // Step 1: the hash is on record before the key exists anywhere else.
    RootKeyStatus withPending =
        trusted.withNewKeySealed(
            rootKey,
            planner.graceOverrideSeen(
                planner.withPending(status, key, request), annotations(rootKey)),
            key);
    KeyRecord pending = StatusPlanner.pending(withPending).orElseThrow();
    RootKey recorded = statuses.write(withStatus(rootKey, withPending), context);
    // The rotation, its grace included, is on record (an interrupted one resumes from status):
    // a rotate-grace annotation has done its job.
    recorded = spendGraceOverride(recorded, status, request, context);
    // Step 2: deliver. From here on the key verifies, as Pending and then as Active. The key it
    // replaces moves to the previous-key entry, if the user asked for one.
    Optional<String> previousToken =
        existing
            .filter(s -> request.trigger() != IssueTrigger.Leaked)
            .filter(s -> current.isPresent() && intact(existing, rootKey, target, current.get()))
            .flatMap(s -> DeliveredSecrets.heldToken(s, target));
    Secret delivered =
        secrets.write(DeliveredSecrets.withKey(recorded, target, key, existing, previousToken));
    rememberWrite(context, delivered, existing);
    if (request.trigger() == IssueTrigger.SecretLost) {
      journal.secretLost(recorded, target.secretName(), status.getCurrentKeyId(), key.id());
    }
    // Step 3: activate.
    RootKey activated = activate(recorded, withPending, pending, policy, named, context);
    return new Issued(activated, delivered);
  }

  private RootKey activate(
      RootKey rootKey,
      RootKeyStatus status,
      KeyRecord pending,
      RotationPolicy policy,
      Set<String> named,
      Context<RootKey> context) {
    // The key this one replaces: Active, or already revoked by a leak in step 1.
    Optional<KeyRecord> replaced =
        status.getKeys().stream()
            .filter(k -> k.getId().equals(status.getCurrentKeyId()))
            .filter(k -> !k.getId().equals(pending.getId()))
            .findFirst();
    RotationRequest request =
        StatusPlanner.interrupted(status)
            .orElse(RotationRequest.of(IssueTrigger.SecretLost, policy.gracePeriod()));
    // Pods rolled now start with the new key, which already verifies as Pending; recording the
    // restart in the activation write keeps Ready and the restart report one change.
    RootKeyStatus activated =
        rollRestartTargets(
            rootKey,
            planner.activated(status, pending.getId(), policy, generation(rootKey), named));
    // What the journal tells is taken from the planned status before it is written: nothing
    // between the write and the journal can fail and leave the rotation unreported.
    KeyRecord issued = recordOf(activated, pending.getId()).orElse(pending);
    Optional<KeyRecord> old = replaced.map(r -> recordOf(activated, r.getId()).orElse(r));
    String secretName = DeliveryTarget.of(rootKey).secretName();
    RootKey written = statuses.write(withStatus(rootKey, activated), context);
    metrics.issued(request.trigger());
    if (old.isPresent()) {
      journal.rotated(written, issued, old.get(), request, secretName);
    } else {
      journal.issued(written, issued, secretName);
    }
    return written;
  }

  private static Optional<KeyRecord> recordOf(RootKeyStatus status, String id) {
    return status.getKeys().stream().filter(k -> k.getId().equals(id)).findFirst();
  }

  /**
   * The work after any issuance: roll restart targets once per new key, keep the Secret's metadata
   * and previous-key entry current, write the final status, report expired keys.
   */
  private Optional<Instant> settle(
      RootKey rootKey,
      RootKeyStatus status,
      RootKeyStatus before,
      RotationPolicy policy,
      Optional<Secret> knownSecret,
      Set<String> named,
      Context<RootKey> context) {
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    // Always called with a current key; were there none, what follows is still written and
    // reported rather than thrown away after the writes already made.
    Optional<KeyRecord> current = StatusPlanner.current(status);
    if (current.isPresent()) {
      if (!current.get().getId().equals(status.getRestartedForKeyId())) {
        status = rollRestartTargets(rootKey, status);
      }
      Optional<Secret> secret =
          knownSecret.or(() -> secrets.fetch(target.namespace(), target.secretName()));
      if (secret.isPresent()) {
        tidySecret(rootKey, status, target, current.get(), secret.get(), context);
      }
    }

    RootKeyStatus settled =
        planner.deletionBlocked(
            planner.ready(
                planner.trimmed(
                    planner.scheduled(
                        planner.graceOverrideSeen(status, annotations(rootKey)), policy),
                    policy.historyLimit(),
                    named),
                generation(rootKey)),
            // Reconciled while being deleted only when spec.deleteProtection holds it back.
            rootKey.isMarkedForDeletion(),
            generation(rootKey));
    writeIfChanged(rootKey, settled, context);
    if (StatusPlanner.condition(settled, StatusPlanner.DELETION_BLOCKED).isPresent()
        && StatusPlanner.condition(before, StatusPlanner.DELETION_BLOCKED).isEmpty()) {
      journal.deleteRefused(rootKey);
    }
    reportExpired(rootKey, before, settled);
    metrics.observe(
        rootKey.getMetadata().getNamespace(),
        rootKey.getMetadata().getName(),
        policy.expiresAt(),
        Optional.ofNullable(settled.getNextRotationAt()).map(Instant::parse));
    return StatusPlanner.nextDue(settled, policy);
  }

  /** Rolls the restart targets for the current key, once per key: patching again is a no-op. */
  private RootKeyStatus rollRestartTargets(RootKey rootKey, RootKeyStatus status) {
    List<RestartTarget> targets =
        Objects.requireNonNullElse(rootKey.getSpec().getRestartTargets(), List.of());
    List<String> missing =
        restarter.restart(rootKey.getMetadata().getNamespace(), targets, status.getCurrentKeyId());
    if (!missing.isEmpty()) {
      journal.restartTargetsMissing(rootKey, missing);
    }
    return planner.restarted(status, targets.size(), missing, generation(rootKey));
  }

  /**
   * Feeds our own Secret write to the label-scoped informer's cache, so the reconcile it triggers
   * sees it without asking the API server again.
   */
  private static void rememberWrite(
      Context<RootKey> context, Secret written, Optional<Secret> previous) {
    InformerWrites.remember(context, Secret.class, written, previous);
  }

  /** Metadata as the spec says; the previous-key entry only while that key verifies. */
  private void tidySecret(
      RootKey rootKey,
      RootKeyStatus status,
      DeliveryTarget target,
      KeyRecord current,
      Secret secret,
      Context<RootKey> context) {
    Secret tidy = secret;
    if (!DeliveredSecrets.hasCurrentMetadata(rootKey, target, current.getId(), tidy)) {
      tidy = DeliveredSecrets.withCurrentMetadata(rootKey, target, current.getId(), tidy);
    }
    Optional<String> previous = DeliveredSecrets.heldPreviousKeyHash(tidy, target);
    Set<String> expiring =
        status.getKeys().stream()
            .filter(k -> k.getState() == KeyState.Expiring)
            .map(KeyRecord::getHash)
            .collect(Collectors.toSet());
    if (previous.isPresent() && !expiring.contains(previous.get())) {
      tidy = DeliveredSecrets.withoutPreviousKey(tidy, target);
    }
    if (tidy != secret) {
      rememberWrite(context, secrets.write(tidy), Optional.of(secret));
    }
  }

  /** Keys that verified before the RootKey expired: Expired now. */
  private static List<KeyRecord> newlyExpired(RootKeyStatus before, RootKeyStatus after) {
    Set<String> wereVerifying =
        before.getKeys().stream()
            .filter(k -> StatusPlanner.VERIFYING.contains(k.getState()))
            .map(KeyRecord::getId)
            .collect(Collectors.toSet());
    return after.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Expired && wereVerifying.contains(k.getId()))
        .toList();
  }

  private void reportExpired(RootKey rootKey, RootKeyStatus before, RootKeyStatus after) {
    Map<String, KeyState> was =
        before.getKeys().stream().collect(Collectors.toMap(KeyRecord::getId, KeyRecord::getState));
    for (KeyRecord record : after.getKeys()) {
      if (record.getState() == KeyState.Expired && was.get(record.getId()) == KeyState.Expiring) {
        journal.graceEnded(rootKey, record);
      }
    }
  }

  /** The RootKey is past spec.expiresAt: every key Expired, rotation requests refused. */
  private RootKeyStatus expire(
      RootKey rootKey, RootKeyStatus stored, RotationPolicy policy, Context<RootKey> context) {
    Instant end = policy.expiresAt().orElseThrow();
    RootKeyStatus expired = planner.expired(stored, policy, generation(rootKey));
    Optional<String> request = RotationDecider.unhandledRequest(annotations(rootKey), expired);
    if (request.isPresent()) {
      expired = planner.refused(expired, request.get());
    }
    writeIfChanged(rootKey, expired, context);
    if (stored.getPhase() != expired.getPhase()) {
      journal.rootKeyExpired(rootKey, newlyExpired(stored, expired), end);
    }
    if (request.isPresent()) {
      journal.rotationRefused(
          rootKey,
          request.get(),
          Optional.ofNullable(annotations(rootKey).get(RotationAnnotations.ROTATE_REQUESTED_BY)),
          end);
    }
    return expired;
  }

  /** The RootKey is gone: its metrics go too. */
  public void forget(String namespace, String name) {
    metrics.forget(namespace, name);
  }

  /**
   * Reports that the operator cannot act (Ready=False, phase Failed) until the user changes
   * something; writes and emits a warning only when that is news.
   */
  public void fail(RootKey rootKey, String reason, String message, Context<RootKey> context) {
    fail(rootKey, statusOf(rootKey), reason, message, context);
  }

  /**
   * As {@link #fail(RootKey, String, String, Context)}, for a spec the operator cannot act on, and
   * revokes each key its unanswered KeyLeaks report (policy Revoke): a leaked key stops verifying
   * whatever else the spec says. No key replaces it until the spec is fixed, as issuing one needs a
   * valid spec; the workload's key then no longer verifies, which a leak calls for.
   */
  public void failRevokingLeaks(
      RootKey rootKey,
      String reason,
      String message,
      List<KeyLeak> leaks,
      Context<RootKey> context) {
    RootKeyStatus status = statusOf(rootKey);
    List<LeakTriage.Decision> answers = new ArrayList<>();
    for (LeakTriage.Decision decision : triage.triage(leaks, status, leakPolicy(rootKey))) {
      if (decision.action() == LeakAction.Revoked) {
        status = planner.revokedForLeak(status, decision.leak().getSpec().getKeyId());
      }
      // Nothing is issued in its place: the answer names no replacement.
      answers.add(new LeakTriage.Decision(decision.leak(), decision.action(), false));
    }
    RootKey written = fail(rootKey, status, reason, message, context);
    leakAnswers.answer(written, answers, context);
  }

  /** Ready=False with this reason; returns the RootKey as written (or as it was, unchanged). */
  private RootKey fail(
      RootKey rootKey,
      RootKeyStatus status,
      String reason,
      String message,
      Context<RootKey> context) {
    RootKeyStatus failed = planner.failed(status, reason, message, generation(rootKey));
    metrics.failed(rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName());
    if (failed.equals(rootKey.getStatus())) {
      return rootKey;
    }
    RootKey written = statuses.write(withStatus(rootKey, failed), context);
    journal.failed(rootKey, reason, message);
    return written;
  }

  private static String conflictMessage(DeliveryTarget target) {
    return "Secret "
        + target.secretName()
        + " already exists and is not owned by this RootKey: delete it or set"
        + " spec.secret.name to another name";
  }

  /** Writes the status only if it differs from the stored one. */
  private RootKey writeIfChanged(RootKey rootKey, RootKeyStatus next, Context<RootKey> context) {
    if (next.equals(rootKey.getStatus())) {
      return rootKey;
    }
    return statuses.write(withStatus(rootKey, next), context);
  }

  static RootKeyStatus statusOf(RootKey rootKey) {
    return rootKey.getStatus() == null
        ? new RootKeyStatus()
        : new RootKeyStatus(rootKey.getStatus());
  }

  static RootKey withStatus(RootKey rootKey, RootKeyStatus status) {
    RootKey copy = new RootKey();
    copy.setMetadata(new ObjectMetaBuilder(rootKey.getMetadata()).build());
    copy.setSpec(rootKey.getSpec());
    copy.setStatus(status);
    return copy;
  }

  private static Map<String, String> annotations(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getAnnotations(), Map.of());
  }

  static long generation(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getGeneration(), 0L);
  }

  /** How long until {@code due}, never negative. */
  public Duration until(Instant due) {
    Duration wait = Duration.between(planner.now(), due);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
