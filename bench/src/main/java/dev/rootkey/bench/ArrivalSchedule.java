package dev.rootkey.bench;

import java.time.Duration;

/**
 * When each request of an open-loop run is due: evenly spaced at a fixed rate from the run's start,
 * whatever the answers to earlier requests, so that a slow answer delays no later request.
 */
record ArrivalSchedule(int perSecond, Duration length) {

  ArrivalSchedule {
    if (perSecond <= 0 || length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a schedule needs a positive rate and length");
    }
  }

  /** The requests the run sends. */
  int count() {
    return Math.toIntExact(perSecond * length.toNanos() / 1_000_000_000L);
  }

  /** When the {@code n}-th request (from 0) is due, in nanoseconds after the run's start. */
  long dueNanos(int n) {
    return n * 1_000_000_000L / perSecond;
  }
}
