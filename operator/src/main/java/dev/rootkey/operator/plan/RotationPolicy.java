package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.RootKeyDefaults;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationSpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A RootKey's time rules with defaults applied: rotation interval, grace period, how long a used
 * replaced key may outlive it ({@code maxGracePeriod}, {@code idleTimeout}), expiry. Durations a
 * person wrote stay as written, for messages.
 */
public record RotationPolicy(
    Optional<Duration> interval,
    String gracePeriod,
    Optional<Instant> expiresAt,
    int historyLimit,
    Optional<String> maxGracePeriod,
    String idleTimeout) {

  /** Without a grace that follows use: a replaced key retires when its grace period ends. */
  public RotationPolicy(
      Optional<Duration> interval,
      String gracePeriod,
      Optional<Instant> expiresAt,
      int historyLimit) {
    this(
        interval,
        gracePeriod,
        expiresAt,
        historyLimit,
        Optional.empty(),
        RootKeyDefaults.IDLE_TIMEOUT);
  }

  /** Reads a validated spec (see {@link SpecValidator}). */
  public static RotationPolicy of(RootKeySpec spec) {
    RotationSpec rotation = Objects.requireNonNullElseGet(spec.getRotation(), RotationSpec::new);
    return new RotationPolicy(
        Optional.ofNullable(rotation.getInterval()).map(RotationPolicy::parseDuration),
        Objects.requireNonNullElse(rotation.getGracePeriod(), RootKeyDefaults.GRACE_PERIOD),
        Optional.ofNullable(spec.getExpiresAt()).map(RotationPolicy::parseInstant),
        Objects.requireNonNullElse(rotation.getHistoryLimit(), RootKeyDefaults.HISTORY_LIMIT),
        Optional.ofNullable(rotation.getMaxGracePeriod()),
        Objects.requireNonNullElse(rotation.getIdleTimeout(), RootKeyDefaults.IDLE_TIMEOUT));
  }

  /** How long after its rotation a replaced key still in use may stay valid, if at all. */
  public Optional<Duration> maxGrace() {
    return maxGracePeriod.map(RotationPolicy::parseDuration);
  }

  /** How recent a use must be for a key to count as in use. */
  public Duration idle() {
    return parseDuration(idleTimeout);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  /**
   * The longest interval or grace period taken: ten years. Longer ones mean nothing for a key, and
   * one near the limits of {@link Instant} would overflow when added to the current time.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(3650);

  /** How {@link #MAX_DURATION} is written in messages: as people write it in a spec. */
  public static final String MAX_DURATION_TEXT = "87600h (10 years)";

  /** A Go-style duration ("90s", "1h30m", "0s"), as every Kubernetes API writes them. */
  public static Duration parseDuration(String value) {
    try {
      return io.fabric8.kubernetes.api.model.Duration.parse(value).getDuration();
    } catch (ParseException | ArithmeticException e) {
      // ArithmeticException: more nanoseconds than a long holds (e.g. 9999999999999h).
      throw new IllegalArgumentException("not a duration: " + value, e);
    }
  }

  public static Instant parseInstant(String value) {
    return OffsetDateTime.parse(value).toInstant();
  }
}
