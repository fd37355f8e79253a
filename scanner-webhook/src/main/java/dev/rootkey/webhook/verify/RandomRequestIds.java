package dev.rootkey.webhook.verify;

import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Request ids {@code req_} and 32 hex digits, for correlating a client's report with our logs. */
public final class RandomRequestIds implements Supplier<String> {

  private final RandomGenerator random;

  /**
   * An id only needs to be unique, not secret; the generator is shared by request threads, so it
   * must be thread-safe ({@code new java.util.Random()} is; a bare {@code SplittableRandom} is
   * not).
   */
  public RandomRequestIds(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public String get() {
    HexFormat hex = HexFormat.of();
    return "req_" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
  }
}
