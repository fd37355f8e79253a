package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyState;
import java.time.Instant;
import java.util.List;

/** Small recorded histories for the chaos invariants' tests: instants are seconds after 0. */
final class ChaosHistories {

  private ChaosHistories() {}

  static Instant at(long seconds) {
    return Instant.EPOCH.plusSeconds(seconds);
  }

  static ChaosRecord active(String id) {
    return new ChaosRecord(id, hash(id), KeyState.Active, null, null);
  }

  static ChaosRecord expiring(String id, long untilSecond, KeyReason reason) {
    return new ChaosRecord(id, hash(id), KeyState.Expiring, at(untilSecond), reason);
  }

  static ChaosRecord expired(String id, long atSecond) {
    return new ChaosRecord(id, hash(id), KeyState.Expired, at(atSecond), KeyReason.Rotated);
  }

  static ChaosRecord revoked(String id, KeyReason reason) {
    return new ChaosRecord(id, hash(id), KeyState.Revoked, null, reason);
  }

  static ChaosStatus status(long second, String rootKey, ChaosRecord... records) {
    return new ChaosStatus(at(second), rootKey, List.of(records));
  }

  static VerifyAnswer answer(long second, String rootKey, String id, String code) {
    return new VerifyAnswer(at(second), rootKey, hash(id), code);
  }

  /** A stand-in hash for key {@code id}: the checks only compare hashes. */
  static String hash(String id) {
    return "hash-of-" + id + "-0123456789";
  }
}
