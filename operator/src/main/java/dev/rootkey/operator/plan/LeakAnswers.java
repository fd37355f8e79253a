package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.log.LogText;
import java.time.Instant;
import java.util.List;

/**
 * What each KeyLeak is told about what was done, and what its RootKey says of it. Answered after
 * the RootKey's own writes, so a crash in between repeats the answer rather than losing the action.
 */
final class LeakAnswers {

  /** Past this a KeyLeak's field says enough for an Event. */
  private static final int MAX_FIELD_CHARS = 512;

  private LeakAnswers() {}

  /**
   * @param replacement the RootKey's current key once its writes are done: names any replacement
   */
  static List<Step> answers(List<LeakTriage.Decision> decisions, String replacement, Instant now) {
    return decisions.stream().map(decision -> answer(decision, replacement, now)).toList();
  }

  private static Step answer(LeakTriage.Decision decision, String replacement, Instant now) {
    KeyLeak leak = decision.leak();
    String keyId = leak.getSpec().getKeyId();
    KeyLeakStatus answer = new KeyLeakStatus();
    answer.setAction(decision.action());
    answer.setHandledAt(StatusPlanner.format(now));
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
    return new Step.AnswerLeak(leak, answer, where(leak) + ": " + message);
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
