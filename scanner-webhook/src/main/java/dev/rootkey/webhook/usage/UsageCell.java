package dev.rootkey.webhook.usage;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When one key was last presented for verification on this replica, and what of it was reported:
 * verifications move it forward without a lock, the reporter reads it.
 *
 * <p>The time moves only by a second or more, so that a key verified thousands of times a second
 * writes its cache line about once a second and the verifying threads mostly just read it.
 */
public final class UsageCell {

  /** How far the time must move before it is written again: the report's precision. */
  static final long STEP_MILLIS = 1_000;

  private final RootKeyRef rootKey;
  private final String keyId;
  private final String tokenHash;
  private final AtomicLong lastUsedMillis = new AtomicLong();
  // Read and written by the reporter's thread only.
  private long reportedMillis;

  UsageCell(RootKeyRef rootKey, String keyId, String tokenHash) {
    this.rootKey = rootKey;
    this.keyId = keyId;
    this.tokenHash = tokenHash;
  }

  /** A cell no reporter reads, for keys indexed without a usage table (tests, benchmarks). */
  public static UsageCell unreported(RootKeyRef rootKey, String keyId, String tokenHash) {
    return new UsageCell(rootKey, keyId, tokenHash);
  }

  /** The key was presented at this epoch millisecond; an earlier or same-second time is ignored. */
  public void presentedAt(long epochMillis) {
    long last = lastUsedMillis.get();
    if (epochMillis - last >= STEP_MILLIS) {
      // Lost to a concurrent verification: that one wrote a time within the same second.
      lastUsedMillis.compareAndSet(last, epochMillis);
    }
  }

  /** Epoch millis of the last presentation seen, 0 if none. */
  public long lastUsedMillis() {
    return lastUsedMillis.get();
  }

  boolean isFor(String rootKeyUid, String keyId) {
    return Objects.equals(rootKey.uid(), rootKeyUid) && Objects.equals(this.keyId, keyId);
  }

  /** Whether a use newer than the last successful report is waiting to be reported. */
  boolean hasUnreportedUse() {
    return lastUsedMillis.get() > reportedMillis;
  }

  /** This time was written: later uses are reported, this one not again. */
  void reported(long epochMillis) {
    reportedMillis = Math.max(reportedMillis, epochMillis);
  }

  public RootKeyRef rootKey() {
    return rootKey;
  }

  public String keyId() {
    return keyId;
  }

  String tokenHash() {
    return tokenHash;
  }
}
