package dev.rootkey.webhook.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per caller: each caller may send {@code requestsPerMinute} requests at once, then
 * one more each {@code 1 / requestsPerMinute} of a minute.
 *
 * <p>Kept as one instant per caller, the time its bucket will be full again (the generic cell rate
 * algorithm): a caller whose bucket is full is the same as one never seen, so it is forgotten once
 * more than {@link #TRACKED_CALLERS} are held.
 */
public final class PerCallerRateLimiter {

  /** How many callers are held before those with a full bucket are forgotten. */
  static final int TRACKED_CALLERS = 1024;

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration interval;
  private final Duration burst;

  /** Per caller: when its bucket is full again. */
  private final ConcurrentMap<String, Instant> fullAt = new ConcurrentHashMap<>();

  /**
   * @param requestsPerMinute both the sustained rate and how many requests may come at once
   */
  public PerCallerRateLimiter(Clock clock, int requestsPerMinute) {
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "requestsPerMinute must be positive, not " + requestsPerMinute);
    }
    this.clock = clock;
    this.interval = MINUTE.dividedBy(requestsPerMinute);
    this.burst = MINUTE;
  }

  /**
   * Takes one request from the caller's bucket.
   *
   * @return empty when the request may go ahead; otherwise how long until the caller may send one
   *     (nothing is taken then, so a refused caller does not dig itself deeper)
   */
  public Optional<Duration> acquire(String caller) {
    Instant now = clock.instant();
    Duration[] wait = {null};
    fullAt.compute(
        caller,
        (key, full) -> {
          Instant from = full == null || full.isBefore(now) ? now : full;
          Instant next = from.plus(interval);
          if (next.isAfter(now.plus(burst))) {
            wait[0] = Duration.between(now.plus(burst), next);
            return full;
          }
          return next;
        });
    if (fullAt.size() > TRACKED_CALLERS) {
      fullAt.values().removeIf(full -> !full.isAfter(now));
    }
    return Optional.ofNullable(wait[0]);
  }

  /** How many callers are held now, for tests of the forgetting. */
  int trackedCallers() {
    return fullAt.size();
  }
}
