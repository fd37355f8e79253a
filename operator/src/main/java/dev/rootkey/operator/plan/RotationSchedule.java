package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** When a RootKey's next rotation is due, and when it next has time-based work at all. */
public final class RotationSchedule {

  private RotationSchedule() {}

  /** When the next scheduled rotation is due: never past the RootKey's own expiry. */
  public static RootKeyStatus scheduled(RootKeyStatus status, RotationPolicy policy) {
    RootKeyStatus next = new RootKeyStatus(status);
    Optional<Instant> due =
        policy
            .interval()
            .flatMap(
                interval ->
                    Optional.ofNullable(next.getLastRotationAt())
                        .map(last -> Instant.parse(last).plus(interval)))
            .filter(at -> policy.expiresAt().map(at::isBefore).orElse(true));
    next.setNextRotationAt(due.map(StatusPlanner::format).orElse(null));
    return next;
  }

  /** The next instant something is due: a rotation, the end of a grace period, or expiry. */
  public static Optional<Instant> nextDue(RootKeyStatus status, RotationPolicy policy) {
    return Stream.of(
            Optional.ofNullable(status.getNextRotationAt()).map(Instant::parse).stream(),
            status.getKeys().stream()
                .filter(k -> k.getState() == KeyState.Expiring)
                .map(k -> Instant.parse(k.getExpiresAt())),
            policy.expiresAt().stream())
        .flatMap(s -> s)
        .min(Instant::compareTo);
  }
}
