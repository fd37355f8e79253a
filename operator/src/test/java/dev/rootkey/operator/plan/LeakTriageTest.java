package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakTriageTest {

  private final LeakTriage triage = new LeakTriage();

  @Test
  void theCurrentKeyLeakedUnderRevokeIsRevokedAndReplaced() {
    RootKeyStatus status = status(record("key-a", "aa", KeyState.Active, null));
    assertThat(triage.triage(List.of(leak("key-a", "aa")), status, LeakPolicy.Revoke))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.action()).isEqualTo(LeakAction.Revoked);
              assertThat(d.revokesCurrent()).isTrue();
            });
  }

  @Test
  void aKeyInItsGraceIsRevokedWithoutReplacingTheCurrentOne() {
    RootKeyStatus status =
        status(
            record("key-b", "bb", KeyState.Active, null),
            record("key-a", "aa", KeyState.Expiring, KeyReason.Rotated));
    status.setCurrentKeyId("key-b");
    assertThat(triage.triage(List.of(leak("key-a", "aa")), status, LeakPolicy.Revoke))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.action()).isEqualTo(LeakAction.Revoked);
              assertThat(d.revokesCurrent()).isFalse();
            });
  }

  @Test
  void notifyOnlyRecords() {
    RootKeyStatus status = status(record("key-a", "aa", KeyState.Active, null));
    assertThat(triage.triage(List.of(leak("key-a", "aa")), status, LeakPolicy.Notify))
        .extracting(LeakTriage.Decision::action)
        .containsExactly(LeakAction.Notified);
  }

  @Test
  void keysThatNoLongerVerifyAndUnknownKeysChangeNothing() {
    RootKeyStatus status =
        status(
            record("key-b", "bb", KeyState.Active, null),
            record("key-a", "aa", KeyState.Expired, KeyReason.Rotated),
            record("key-c", "cc", KeyState.Revoked, KeyReason.Manual));
    status.setCurrentKeyId("key-b");
    assertThat(
            triage.triage(
                List.of(leak("key-a", "aa"), leak("key-c", "cc"), leak("key-x", "xx")),
                status,
                LeakPolicy.Revoke))
        .extracting(LeakTriage.Decision::action)
        .containsExactly(
            LeakAction.AlreadyInvalid, LeakAction.AlreadyInvalid, LeakAction.KeyNotFound);
  }

  @Test
  void aRecordRevokedForALeakByAnInterruptedRunIsAnsweredRevoked() {
    RootKeyStatus status = status(record("key-a", "aa", KeyState.Revoked, KeyReason.Leaked));
    assertThat(triage.triage(List.of(leak("key-a", "aa")), status, LeakPolicy.Revoke))
        .extracting(LeakTriage.Decision::action)
        .containsExactly(LeakAction.Revoked);
  }

  @Test
  void aHashThatDoesNotMatchTheRecordIsNotOurKeyAndAnsweredLeaksAreSkipped() {
    RootKeyStatus status = status(record("key-a", "aa", KeyState.Active, null));
    KeyLeak answered = leak("key-a", "aa");
    KeyLeakStatus done = new KeyLeakStatus();
    done.setAction(LeakAction.Revoked);
    answered.setStatus(done);
    assertThat(
            triage.triage(
                List.of(leak("key-a", "not-the-hash"), answered), status, LeakPolicy.Revoke))
        .extracting(LeakTriage.Decision::action)
        .containsExactly(LeakAction.KeyNotFound);
  }

  private static RootKeyStatus status(KeyRecord... records) {
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new java.util.ArrayList<>(List.of(records)));
    status.setCurrentKeyId(records[0].getId());
    return status;
  }

  private static KeyRecord record(String id, String hash, KeyState state, KeyReason reason) {
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(hash);
    record.setState(state);
    record.setReason(reason);
    return record;
  }

  private static KeyLeak leak(String keyId, String hash) {
    KeyLeak leak = new KeyLeak();
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey("billing");
    spec.setKeyId(keyId);
    spec.setTokenHash(hash);
    leak.setSpec(spec);
    return leak;
  }
}
