package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the condition PreviousKeyInUse says: whether a replaced key that still verifies was used
 * within idleTimeout, which one, when it was last used and when it retires. It depends on the time,
 * so {@link #nextChange} says when it turns by itself from InUse to Idle.
 *
 * @param status {@code True} while a replaced key is in use
 * @param reason {@value #IN_USE}, {@value #IDLE} or {@value #NO_PREVIOUS_KEY}
 */
public record PreviousKeyInUse(String status, String reason, String message) {

  public static final String IN_USE = "InUse";
  public static final String IDLE = "Idle";
  public static final String NO_PREVIOUS_KEY = "NoPreviousKey";

  /** The condition for {@code status}'s keys at {@code now}. */
  public static PreviousKeyInUse of(RootKeyStatus status, RotationPolicy policy, Instant now) {
    List<KeyRecord> expiring = expiring(status);
    if (expiring.isEmpty()) {
      return new PreviousKeyInUse("False", NO_PREVIOUS_KEY, "No replaced key still verifies");
    }
    String others =
        expiring.size() == 1
            ? ""
            : " " + (expiring.size() - 1) + " other replaced key(s) also still verify.";
    Optional<KeyRecord> inUse =
        expiring.stream()
            .filter(k -> inUseAt(k, policy, now))
            .max(Comparator.comparing(k -> GraceExtension.lastUse(k, now).orElseThrow()));
    if (inUse.isPresent()) {
      KeyRecord key = inUse.get();
      return new PreviousKeyInUse(
          "True",
          IN_USE,
          named(key)
              + " is still in use: last used at "
              + key.getLastUsedAt()
              + ". "
              + retires(key, policy)
              + others);
    }
    // None in use: the one used last, else the newest (records are kept newest first).
    KeyRecord key =
        expiring.stream()
            .filter(k -> k.getLastUsedAt() != null)
            .max(Comparator.comparing(k -> GraceExtension.lastUse(k, now).orElse(Instant.MIN)))
            .orElse(expiring.get(0));
    return new PreviousKeyInUse(
        "False",
        IDLE,
        named(key)
            + " is not in use: "
            + (GraceExtension.lastUse(key, now).isPresent()
                ? "last used at " + key.getLastUsedAt() + ", "
                : "")
            + "no use reported within idleTimeout "
            + policy.idleTimeout()
            + ". "
            + retires(key, policy)
            + others);
  }

  /** When the condition changes by itself: idleTimeout after a use that counts now, if any. */
  public static Optional<Instant> nextChange(
      RootKeyStatus status, RotationPolicy policy, Instant now) {
    return expiring(status).stream()
        .filter(k -> inUseAt(k, policy, now))
        .map(k -> GraceExtension.lastUse(k, now).orElseThrow().plus(policy.idle()))
        .min(Instant::compareTo);
  }

  private static boolean inUseAt(KeyRecord key, RotationPolicy policy, Instant now) {
    return GraceExtension.lastUse(key, now)
        .filter(used -> now.isBefore(used.plus(policy.idle())))
        .isPresent();
  }

  private static List<KeyRecord> expiring(RootKeyStatus status) {
    return status.getKeys().stream().filter(k -> k.getState() == KeyState.Expiring).toList();
  }

  private static String named(KeyRecord key) {
    return "Replaced key "
        + key.getId()
        + " ("
        + key.getStart()
        + "...)"
        + (key.getReplacedAt() == null ? "" : ", replaced at " + key.getReplacedAt() + ",");
  }

  /** When the key retires: the rule that ends it and the latest it can. */
  private static String retires(KeyRecord key, RotationPolicy policy) {
    Optional<Instant> cap = GraceExtension.cap(key, policy);
    if (cap.isPresent()) {
      return "It retires at "
          + key.getExpiresAt()
          + " unless used again within idleTimeout "
          + policy.idleTimeout()
          + ", and at "
          + StatusPlanner.format(cap.get())
          + " at the latest (maxGracePeriod "
          + policy.maxGracePeriod().orElseThrow()
          + (policy.expiresAt().filter(cap.get()::equals).isPresent()
              ? ", cut by spec.expiresAt"
              : "")
          + ").";
    }
    if (policy.maxGracePeriod().isPresent()) {
      return "It retires at "
          + key.getExpiresAt()
          + ", used or not: it was replaced before its replacement time was recorded.";
    }
    return "It retires at "
        + key.getExpiresAt()
        + ", used or not: set spec.rotation.maxGracePeriod to keep a replaced key valid while"
        + " it is used.";
  }
}
