package dev.rootkey.webhook.verify;

import dev.rootkey.api.v1alpha1.KeyState;

/**
 * The state of the key a verification was asked about, as the metric's {@code state} label: a
 * workload still verifying an Expiring or Expired key is one a rotation left behind.
 */
public enum PresentedKeyState {
  PENDING("Pending"),
  ACTIVE("Active"),
  EXPIRING("Expiring"),
  EXPIRED("Expired"),
  REVOKED("Revoked"),
  /** Not one of our keys (NOT_FOUND). */
  NONE("none");

  private final String label;

  PresentedKeyState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * The state of a found record with this verdict: past its expiry it is Expired even while the
   * record still says Expiring (the operator writes that a moment later), and a record without a
   * state counts as Revoked, as it verifies.
   */
  static PresentedKeyState of(KeyState recorded, VerificationCode code) {
    if (code == VerificationCode.NOT_FOUND) {
      return NONE;
    }
    if (recorded == null || recorded == KeyState.Revoked) {
      return REVOKED;
    }
    if (recorded == KeyState.Expired || code == VerificationCode.EXPIRED) {
      return EXPIRED;
    }
    return switch (recorded) {
      case Pending -> PENDING;
      case Expiring -> EXPIRING;
      default -> ACTIVE;
    };
  }
}
