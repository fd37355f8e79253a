package dev.rootkey.bench;

import static dev.rootkey.bench.ConvergenceRounds.BASELINE_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.OPERATOR_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.WATCHING_SIDE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/**
 * Time for N existing RootKeys to turn Ready under the operator, against a plain client loop doing
 * only the writes that issuance needs, and, if asked, against the SDK floor (an operator on the
 * same SDK making only the loop's writes) and the same loop watching as the operator does (see
 * {@link ConvergenceRounds} for what each side does).
 *
 * <p>Each side runs in a JVM of its own ({@link ConvergenceSideJvm}), as JMH forks: in one JVM the
 * code the sides share (client, server) is compiled for whichever ran before, and a side's time
 * moved by up to half with the order of rounds. The JVMs stay up for the whole comparison and take
 * turns, one round each, in an order rotated every round: the machine is shared, and a slow minute
 * of it then slows one round of every side instead of every round of one side. The headline is the
 * median over the measured rounds of the operator's time divided by the baseline's in the same
 * round.
 */
final class ConvergenceBenchmark {

  /**
   * The comparison's sides by name ({@link ConvergenceRounds#SIDES}), the plain loop's and the
   * operator's always among them.
   */
  record Result(int rootKeys, int threads, int warmUpRounds, int rounds, Map<String, Side> sides) {

    Side operator() {
      return sides.get(OPERATOR_SIDE);
    }

    Side baseline() {
      return sides.get(BASELINE_SIDE);
    }

    /** A side, if it ran. */
    Optional<Side> side(String name) {
      return Optional.ofNullable(sides.get(name));
    }

    /** The headline: the operator against the plain loop, round by round. */
    List<Double> roundRatios() {
      return ratios(operator().rounds(), baseline().rounds());
    }

    double ratio() {
      return median(roundRatios());
    }

    /**
     * The median over the measured rounds of one side's time divided by another's in the same
     * round, if both ran: e.g. what watching alone costs (watching loop over plain loop), what the
     * SDK itself costs (SDK floor over plain loop), what the operator's own work adds (operator
     * over SDK floor).
     */
    OptionalDouble ratio(String over, String under) {
      if (!sides.containsKey(over) || !sides.containsKey(under)) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(median(ratios(sides.get(over).rounds(), sides.get(under).rounds())));
    }

    /** The operator against the plain loop in the warm-up rounds: how a cold JVM compares. */
    List<Double> warmUpRoundRatios() {
      return ratios(operator().warmUps(), baseline().warmUps());
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

  /**
   * The given sides (the plain loop's and the operator's among them), each in a JVM of its own,
   * taking turns round by round.
   */
  static Result run(int rootKeys, int warmUpRounds, int rounds, List<String> sides)
      throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("at least one measured round");
    }
    if (!ConvergenceRounds.SIDES.containsAll(sides)) {
      throw new IllegalArgumentException(
          "unknown side in " + sides + ": the sides are " + ConvergenceRounds.SIDES);
    }
    if (!sides.contains(BASELINE_SIDE) || !sides.contains(OPERATOR_SIDE)) {
      throw new IllegalArgumentException(
          "the sides must include " + BASELINE_SIDE + " and " + OPERATOR_SIDE + ": " + sides);
    }
    Map<String, List<Round>> warmUps = new LinkedHashMap<>();
    Map<String, List<Round>> measured = new LinkedHashMap<>();
    List<ConvergenceSideJvm> jvms = new ArrayList<>();
    try {
      for (String side : sides) {
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
    Map<String, Side> result = new LinkedHashMap<>();
    for (String side : sides) {
      result.put(side, new Side(side, warmUps.get(side), measured.get(side)));
    }
    return new Result(rootKeys, ConvergenceRounds.reconcileThreads(), warmUpRounds, rounds, result);
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
