package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.util.List;
import java.util.Optional;

/** Decides what each unanswered leak report means for a RootKey's keys. */
public class LeakTriage {

  /**
   * @param revokesCurrent the leaked key is the one in the Secret: a new key must be issued
   */
  public record Decision(KeyLeak leak, LeakAction action, boolean revokesCurrent) {}

  public List<Decision> triage(List<KeyLeak> leaks, RootKeyStatus status, LeakPolicy policy) {
    return leaks.stream()
        .filter(LeakTriage::unanswered)
        .map(leak -> decide(leak, status, policy))
        .toList();
  }

  static boolean unanswered(KeyLeak leak) {
    return leak.getStatus() == null || leak.getStatus().getAction() == null;
  }

  private static Decision decide(KeyLeak leak, RootKeyStatus status, LeakPolicy policy) {
    Optional<KeyRecord> record =
        status.getKeys().stream()
            .filter(k -> k.getId().equals(leak.getSpec().getKeyId()))
            .filter(k -> k.getHash().equals(leak.getSpec().getTokenHash()))
            .findFirst();
    if (record.isEmpty()) {
      return new Decision(leak, LeakAction.KeyNotFound, false);
    }
    KeyRecord key = record.get();
    if (key.getState() == KeyState.Revoked && key.getReason() == KeyReason.Leaked) {
      // Revoked for this leak by a run that stopped before answering it.
      return new Decision(leak, LeakAction.Revoked, false);
    }
    if (!StatusPlanner.VERIFYING.contains(key.getState())) {
      return new Decision(leak, LeakAction.AlreadyInvalid, false);
    }
    if (policy == LeakPolicy.Notify) {
      return new Decision(leak, LeakAction.Notified, false);
    }
    boolean current = key.getId().equals(status.getCurrentKeyId());
    return new Decision(leak, LeakAction.Revoked, current);
  }
}
