package dev.rootkey.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each leaked key still answered VALID after the webhook had answered its alert: the
 * webhook files the KeyLeak, the leading operator revokes, so while no replica leads a leaked key
 * keeps verifying.
 */
final class LeakExposure {

  private LeakExposure() {}

  /** Per leaked key (hash to when its alert was answered): ms until its last VALID answer, or 0. */
  static long[] validAfterAlertMs(Map<String, Instant> alertAnswered, List<VerifyAnswer> answers) {
    Map<String, Long> exposure = new HashMap<>();
    alertAnswered.keySet().forEach(hash -> exposure.put(hash, 0L));
    for (VerifyAnswer answer : answers) {
      Instant answered = alertAnswered.get(answer.hash());
      if (answer.valid() && answered != null && answer.at().isAfter(answered)) {
        exposure.merge(
            answer.hash(), Duration.between(answered, answer.at()).toMillis(), Math::max);
      }
    }
    return exposure.values().stream().mapToLong(Long::longValue).toArray();
  }
}
