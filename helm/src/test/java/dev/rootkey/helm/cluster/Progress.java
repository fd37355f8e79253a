package dev.rootkey.helm.cluster;

import java.time.Duration;

/** Short progress lines on standard output, so that a CI log shows where the scenario is. */
final class Progress {

  private final long started = System.nanoTime();

  /** Prints one line, prefixed with the time since the scenario started. */
  void say(String format, Object... args) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "[real-cluster +%d:%02d] %s%n",
        elapsed.toMinutes(), elapsed.toSecondsPart(), String.format(format, args));
    System.out.flush();
  }
}
