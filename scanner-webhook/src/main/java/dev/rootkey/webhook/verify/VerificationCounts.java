package dev.rootkey.webhook.verify;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verdicts counted by code and by the presented key's state, and requests refused before a verdict,
 * for metrics to read.
 */
public final class VerificationCounts {

  private final EnumMap<VerificationCode, LongAdder> byCode = new EnumMap<>(VerificationCode.class);
  private final EnumMap<PresentedKeyState, LongAdder> byState =
      new EnumMap<>(PresentedKeyState.class);
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder unavailable = new LongAdder();

  public VerificationCounts() {
    for (VerificationCode code : VerificationCode.values()) {
      byCode.put(code, new LongAdder());
    }
    for (PresentedKeyState state : PresentedKeyState.values()) {
      byState.put(state, new LongAdder());
    }
  }

  void record(VerificationCode code, PresentedKeyState state) {
    byCode.get(code).increment();
    byState.get(state).increment();
  }

  void recordBadRequest() {
    badRequests.increment();
  }

  void recordUnavailable() {
    unavailable.increment();
  }

  public long count(VerificationCode code) {
    return byCode.get(code).sum();
  }

  public long count(PresentedKeyState state) {
    return byState.get(state).sum();
  }

  /** Verify requests answered 400: not JSON, no key, malformed permissions, a refused field. */
  public long badRequests() {
    return badRequests.sum();
  }

  /** Requests answered 503 because the key index had not loaded yet. */
  public long unavailable() {
    return unavailable.sum();
  }

  /** Every code with its count so far, in code order. */
  public Map<VerificationCode, Long> snapshot() {
    EnumMap<VerificationCode, Long> snapshot = new EnumMap<>(VerificationCode.class);
    byCode.forEach((code, count) -> snapshot.put(code, count.sum()));
    return Collections.unmodifiableMap(snapshot);
  }
}
