package dev.rootkey.operator.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The steps to take, in order, and when to look again for time-based work (rotation, grace end,
 * expiry), if ever.
 */
public record Plan(List<Step> steps, Optional<Instant> wakeUp) {

  public Plan {
    steps = List.copyOf(steps);
  }
}
