package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds the scanner-webhook replicas' KeyUsage reports into the key records' lastUsedAt, and picks
 * the reports that tell status nothing new any more. A report moves a lastUsedAt forward, never
 * back, and never past now or the report's own reportedAt: losing one can only make a key look less
 * used, and forging one cannot make it look used later than the moment it is folded.
 */
public final class UsageFold {

  /**
   * A report not rewritten for this long is of a replica gone away (pod names change on every
   * rollout): once status holds all it says, it is deleted.
   */
  public static final Duration UNREPORTED = Duration.ofHours(1);

  private UsageFold() {}

  /**
   * {@code status} with each record's lastUsedAt the latest of its own and of the reports about
   * this RootKey (its {@code uid}: a report about an earlier RootKey of the same name is left out).
   * A reported time after {@code now} (or after its report's reportedAt) counts as {@code now} (or
   * that reportedAt); one that cannot be read is ignored.
   */
  public static RootKeyStatus folded(
      RootKeyStatus status, String uid, List<KeyUsage> usages, Instant now) {
    RootKeyStatus next = new RootKeyStatus(status);
    Map<String, Instant> latest = latestUses(uid, usages, now);
    for (KeyRecord record : next.getKeys()) {
      Instant used = latest.get(record.getId());
      if (used != null && isNewer(used, record)) {
        record.setLastUsedAt(StatusPlanner.format(used));
      }
    }
    return next;
  }

  /**
   * The reports to delete once {@code folded} is written: those about another RootKey of this name
   * (another uid, or none), and those not rewritten for {@link #UNREPORTED} that hold no use later
   * than {@code folded} does.
   */
  public static List<KeyUsage> spent(
      List<KeyUsage> usages, String uid, RootKeyStatus folded, Instant now) {
    return usages.stream()
        .filter(
            usage ->
                !aboutThisRootKey(usage, uid)
                    || (unreportedSince(usage, now) && !holdsNewerUse(usage, folded, now)))
        .toList();
  }

  private static Map<String, Instant> latestUses(String uid, List<KeyUsage> usages, Instant now) {
    Map<String, Instant> latest = new HashMap<>();
    for (KeyUsage usage : usages) {
      if (!aboutThisRootKey(usage, uid)) {
        continue;
      }
      Instant latestPossible = latestPossible(usage, now);
      usage
          .getSpec()
          .getLastUsed()
          .forEach(
              (keyId, text) ->
                  instant(text)
                      .map(used -> min(used.truncatedTo(ChronoUnit.MILLIS), latestPossible))
                      .ifPresent(used -> latest.merge(keyId, used, UsageFold::max)));
    }
    return latest;
  }

  private static boolean aboutThisRootKey(KeyUsage usage, String uid) {
    KeyUsageSpec spec = usage.getSpec();
    return spec != null
        && spec.getLastUsed() != null
        && uid != null
        && uid.equals(spec.getRootKeyUid());
  }

  private static boolean unreportedSince(KeyUsage usage, Instant now) {
    // Without a readable reportedAt, the report's age is unknown: it goes with its RootKey.
    return instant(usage.getSpec().getReportedAt())
        .filter(reported -> reported.plus(UNREPORTED).isBefore(now))
        .isPresent();
  }

  private static boolean holdsNewerUse(KeyUsage usage, RootKeyStatus folded, Instant now) {
    Map<String, KeyRecord> records = new HashMap<>();
    folded.getKeys().forEach(record -> records.put(record.getId(), record));
    Instant latestPossible = latestPossible(usage, now);
    return usage.getSpec().getLastUsed().entrySet().stream()
        .anyMatch(
            use -> {
              KeyRecord record = records.get(use.getKey());
              return record != null
                  && instant(use.getValue())
                      .map(used -> min(used.truncatedTo(ChronoUnit.MILLIS), latestPossible))
                      .filter(used -> isNewer(used, record))
                      .isPresent();
            });
  }

  /**
   * The latest a use in {@code usage} can count as: no later than now, nor than the report's own
   * reportedAt (a replica reports uses it saw before writing). A report dated ahead then counts
   * once, as of when it was written, and not again as of every later reconcile.
   */
  private static Instant latestPossible(KeyUsage usage, Instant now) {
    Instant latest = now;
    Optional<Instant> reported = instant(usage.getSpec().getReportedAt());
    if (reported.isPresent() && reported.get().isBefore(latest)) {
      latest = reported.get();
    }
    return latest.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Whether {@code used} is later than the record's lastUsedAt (or it has none readable). */
  private static boolean isNewer(Instant used, KeyRecord record) {
    return instant(record.getLastUsedAt()).map(used::isAfter).orElse(true);
  }

  /** An RFC 3339 time; empty when there is none or it cannot be read. */
  static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RotationPolicy.parseInstant(text));
    } catch (DateTimeException unreadable) {
      return Optional.empty();
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return Objects.requireNonNull(a).isAfter(b) ? a : b;
  }
}
