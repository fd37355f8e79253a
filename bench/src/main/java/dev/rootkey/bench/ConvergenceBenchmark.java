package dev.rootkey.bench;

import static dev.rootkey.bench.ConvergenceRounds.BASELINE_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.OPERATOR_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.WATCHING_SIDE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Time for N existing RootKeys to turn Ready under the operator, against a plain client loop doing
 * only the writes that issuance needs, and against the same loop watching as the operator does (see
 * {@link ConvergenceRounds} for what each side does).
 *
 * <p>Each side runs in a JVM of its own ({@link ConvergenceSideJvm}), as JMH forks: in one JVM the
 * code the sides share (client, server) is compiled for whichever ran before, and a side's time
 * moved by up to half with the order of rounds. The three JVMs stay up for the whole comparison and
 * take turns, one round each, in an order rotated every round: the machine is shared, and a slow
 * minute of it then slows one round of every side instead of every round of one side. The headline
 * is the median over the measured rounds of the operator's time divided by the baseline's in the
 * same round.
 */
final class ConvergenceBenchmark {

  record Result(
      int rootKeys,
      int threads,
      int warmUpRounds,
      int rounds,
      Side operator,
      Side baseline,
      Side watching) {

    /** The headline: the operator against the plain loop, round by round. */
    List<Double> roundRatios() {
      return ratios(operator, baseline);
    }

    double ratio() {
      return median(roundRatios());
    }

    /** What watching alone costs: the watching loop against the plain loop. */
    double watchingRatio() {
      return median(ratios(watching, baseline));
    }

    /** What the operator adds beyond watching. */
    double ratioToWatching() {
      return median(ratios(operator, watching));
    }

    /** The operator against the plain loop in the warm-up rounds: how a cold JVM compares. */
    List<Double> warmUpRoundRatios() {
      return ratios(operator.warmUps(), baseline.warmUps());
    }

    private static List<Double> ratios(Side over, Side under) {
      return ratios(over.rounds(), under.rounds());
    }

    private static List<Double> ratios(List<Round> over, List<Round> under) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < over.size(); i++) {
        ratios.add((double) over.get(i).ms() / under.get(i).ms());
      }
      return ratios;
    }
  }

  /**
   * One timed round of one side: how long until the last RootKey was Ready and until the first was
   * (what it takes the side to start), when its last Event was written (operator), the CPU time its
   * whole JVM (server and side) spent meanwhile and how it was shared among its threads ({@link
   * ThreadCpu}), the threads it started, its time in garbage collections and in JIT compilation,
   * what it asked of its server by verb and resource, and the watch events it received (watching
   * side).
   */
  record Round(
      long ms,
      long firstReadyMs,
      long eventsMs,
      long cpuMs,
      Map<String, Long> cpuByThreadMs,
      long threadsStarted,
      long gcMs,
      long jitMs,
      Map<String, Long> requests,
      long watchEvents) {}

  /** One side's warm-up and measured rounds, each in the order they ran. */
  record Side(String name, List<Round> warmUps, List<Round> rounds) {

    /** The round of the median time (the lower middle one for an even count of rounds). */
    Round medianRound() {
      List<Round> sorted = new ArrayList<>(rounds);
      sorted.sort(Comparator.comparingLong(Round::ms));
      return sorted.get((sorted.size() - 1) / 2);
    }

    List<Long> roundsMs() {
      return rounds.stream().map(Round::ms).toList();
    }

    /** The median over the measured rounds of one figure of a round, e.g. {@code Round::cpuMs}. */
    long median(ToLongFunction<Round> figure) {
      return Math.round(
          ConvergenceBenchmark.median(
              rounds.stream().map(r -> (double) figure.applyAsLong(r)).toList()));
    }
  }

  /** The three sides, each in a JVM of its own, taking turns round by round. */
  static Result run(int rootKeys, int warmUpRounds, int rounds) throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("at least one measured round");
    }
    Map<String, List<Round>> warmUps = new LinkedHashMap<>();
    Map<String, List<Round>> measured = new LinkedHashMap<>();
    List<ConvergenceSideJvm> jvms = new ArrayList<>();
    try {
      for (String side : ConvergenceRounds.SIDES) {
        jvms.add(ConvergenceSideJvm.start(side, rootKeys));
        warmUps.put(side, new ArrayList<>());
        measured.put(side, new ArrayList<>());
      }
      for (int round = 0; round < warmUpRounds + rounds; round++) {
        boolean warmUp = round < warmUpRounds;
        for (int turn = 0; turn < jvms.size(); turn++) {
          ConvergenceSideJvm jvm = jvms.get((round + turn) % jvms.size());
          long turnStart = System.nanoTime();
          Round next = jvm.round();
          long turnMs = (System.nanoTime() - turnStart) / 1_000_000;
          System.err.printf(
              "==   round %d (%s) %s: %d ms (%d ms CPU, %d ms GC, %d ms JIT, %d threads started%s;"
                  + " turn with setup and settling %d ms)%n",
              round + 1,
              warmUp ? "warm-up" : "measured",
              jvm.side(),
              next.ms(),
              next.cpuMs(),
              next.gcMs(),
              next.jitMs(),
              next.threadsStarted(),
              jvm.side().equals(WATCHING_SIDE) ? ", " + next.watchEvents() + " watch events" : "",
              turnMs);
          (warmUp ? warmUps : measured).get(jvm.side()).add(next);
        }
      }
    } finally {
      for (ConvergenceSideJvm jvm : jvms) {
        jvm.close();
      }
    }
    return new Result(
        rootKeys,
        ConvergenceRounds.reconcileThreads(),
        warmUpRounds,
        rounds,
        side(OPERATOR_SIDE, warmUps, measured),
        side(BASELINE_SIDE, warmUps, measured),
        side(WATCHING_SIDE, warmUps, measured));
  }

  private static Side side(
      String name, Map<String, List<Round>> warmUps, Map<String, List<Round>> measured) {
    return new Side(name, warmUps.get(name), measured.get(name));
  }

  /** The median; for an even count, the mean of the two middle values. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private ConvergenceBenchmark() {}
}
