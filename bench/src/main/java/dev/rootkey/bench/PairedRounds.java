package dev.rootkey.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Rounds of the bare route and of verification measured back to back. A pair runs on the machine's
 * same minute, so its ratio cancels what the machine does to both; the figure is the median of the
 * pairs' ratios, which one lucky or unlucky round cannot move (the best round of each endpoint,
 * used before, compared one endpoint's luck with the other's).
 */
record PairedRounds(List<LoadGenerator.Result> constant, List<LoadGenerator.Result> verify) {

  PairedRounds {
    if (constant.isEmpty() || constant.size() != verify.size()) {
      throw new IllegalArgumentException(
          "as many rounds of each, at least one: " + constant.size() + " and " + verify.size());
    }
    constant = List.copyOf(constant);
    verify = List.copyOf(verify);
  }

  /** Each pair's verifications per second over the bare route's, in round order. */
  double[] ratios() {
    double[] ratios = new double[constant.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = verify.get(i).requestsPerSecond() / constant.get(i).requestsPerSecond();
    }
    return ratios;
  }

  double medianRatio() {
    return ConvergenceBenchmark.median(Arrays.stream(ratios()).boxed().toList());
  }

  double minRatio() {
    return Arrays.stream(ratios()).min().orElseThrow();
  }

  double maxRatio() {
    return Arrays.stream(ratios()).max().orElseThrow();
  }

  /** The verification round of median throughput (the upper one of an even count). */
  LoadGenerator.Result medianVerify() {
    return medianRound(verify);
  }

  /** The bare route's round of median throughput (the upper one of an even count). */
  LoadGenerator.Result medianConstant() {
    return medianRound(constant);
  }

  private static LoadGenerator.Result medianRound(List<LoadGenerator.Result> rounds) {
    return rounds.stream()
        .sorted(Comparator.comparingDouble(LoadGenerator.Result::requestsPerSecond))
        .toList()
        .get(rounds.size() / 2);
  }
}
