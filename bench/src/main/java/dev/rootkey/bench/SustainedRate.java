package dev.rootkey.bench;

import java.util.Comparator;
import java.util.List;

/**
 * The highest rate of a ladder of open-loop runs that was sustained: at it and at every lower rate
 * measured, every request was answered 200 and p99 stayed within the limit.
 */
final class SustainedRate {

  private SustainedRate() {}

  static boolean sustained(OpenLoopLoad.Result run, long p99LimitMicros) {
    return run.failed() == 0 && run.latencyMicros().p99() <= p99LimitMicros;
  }

  /** 0 if not even the lowest rate was sustained. */
  static int highest(List<OpenLoopLoad.Result> ladder, long p99LimitMicros) {
    int highest = 0;
    for (OpenLoopLoad.Result run :
        ladder.stream().sorted(Comparator.comparingInt(OpenLoopLoad.Result::perSecond)).toList()) {
      if (!sustained(run, p99LimitMicros)) {
        break;
      }
      highest = run.perSecond();
    }
    return highest;
  }
}
