package dev.rootkey.operator.apply;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.log.LogText;
import dev.rootkey.operator.kube.InformerWrites;
import dev.rootkey.operator.kube.LeakStore;
import dev.rootkey.operator.metrics.KeyMetrics;
import dev.rootkey.operator.plan.LeakTriage;
import dev.rootkey.operator.plan.StatusPlanner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;

/**
 * Tells each KeyLeak what was done about it, and says it on the RootKey too. Called after the
 * RootKey's own writes, so a crash in between repeats the answer rather than losing the action.
 */
public final class LeakAnswers {

  /** Past this a KeyLeak's field says enough for an Event. */
  private static final int MAX_FIELD_CHARS = 512;

  private final LeakStore store;
  private final KeyJournal journal;
  private final KeyMetrics metrics;
  private final StatusPlanner planner;

  public LeakAnswers(
      LeakStore store, KeyJournal journal, KeyMetrics metrics, StatusPlanner planner) {
    this.store = store;
    this.journal = journal;
    this.metrics = metrics;
    this.planner = planner;
  }

  /**
   * @param rootKey the RootKey as last written, so its current key names any replacement
   */
  public void answer(
      RootKey rootKey, List<LeakTriage.Decision> decisions, Context<RootKey> context) {
    String replacement = rootKey.getStatus() == null ? null : rootKey.getStatus().getCurrentKeyId();
    for (LeakTriage.Decision decision : decisions) {
      KeyLeak leak = decision.leak();
      String keyId = leak.getSpec().getKeyId();
      KeyLeakStatus answer = new KeyLeakStatus();
      answer.setAction(decision.action());
      answer.setHandledAt(StatusPlanner.format(planner.now()));
      String message =
          switch (decision.action()) {
            case Revoked -> {
              if (decision.revokesCurrent()) {
                answer.setReplacementKeyId(replacement);
                yield "Key " + keyId + " revoked and replaced by " + replacement;
              }
              yield "Key " + keyId + " revoked";
            }
            case Notified -> "Key " + keyId + " left valid: leakPolicy is Notify";
            case AlreadyInvalid -> "Key " + keyId + " no longer verified: nothing to revoke";
            case KeyNotFound ->
                "No key " + keyId + " with that hash in RootKey " + leak.getSpec().getRootKey();
          };
      answer.setMessage(message);
      // Told before the answer is written: the action is already taken, and should the answer not
      // land, the next reconcile answers (and tells) again; told after it, a process dying in
      // between would leave the revocation without its audit record for good.
      metrics.leakAnswered(decision.action());
      journal.leakAnswered(rootKey, leak, answer, where(leak) + ": " + message);
      // Cached at once: a reconcile right after this one must not take the leak as unanswered.
      InformerWrites.remember(
          context, KeyLeak.class, store.answer(leak, answer), Optional.of(leak));
    }
  }

  /** Who reported the key and where they found it, for people: never the key. */
  private static String where(KeyLeak leak) {
    var spec = leak.getSpec();
    StringBuilder text =
        new StringBuilder("Key ").append(spec.getKeyId()).append(" reported leaked");
    if (spec.getReporter() != null) {
      text.append(" by ").append(LogText.escape(spec.getReporter(), MAX_FIELD_CHARS));
    }
    if (spec.getUrl() != null && !spec.getUrl().isBlank()) {
      // As GitHub sent it, which may hold anything: one line, and not too long for an Event.
      text.append(" at ").append(LogText.escape(spec.getUrl().strip(), MAX_FIELD_CHARS));
    }
    if (spec.getSource() != null) {
      text.append(" (source ")
          .append(LogText.escape(spec.getSource(), MAX_FIELD_CHARS))
          .append(')');
    }
    return text.toString();
  }
}
