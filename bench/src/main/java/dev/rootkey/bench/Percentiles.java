package dev.rootkey.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples. */
record Percentiles(int count, long p50, long p99, long p999, long max) {

  static Percentiles of(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.99),
        rank(sorted, 0.999),
        sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
