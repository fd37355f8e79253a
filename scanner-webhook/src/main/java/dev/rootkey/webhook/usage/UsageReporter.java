package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this replica's key uses to its KeyUsages, on a thread of its own: per RootKey at most one
 * write every {@code interval} while one of its changed keys is Expiring (decisions hang on those),
 * sooner when such a key would otherwise retire before the operator hears of its use, and every
 * {@code activeInterval} otherwise; only the keys whose time moved since the last write that
 * succeeded. So the writes follow the RootKeys in use, never the number of verifications.
 *
 * <p>A failed write is logged (RootKey and error, never a key) and its entries go again at the next
 * tick. Cells of keys that left the index are forgotten once nothing of theirs is waiting.
 */
public final class UsageReporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UsageReporter.class);
  private static final Duration LONGEST_TICK = Duration.ofSeconds(1);

  /**
   * How long before an Expiring key's expiresAt its use must be written: the time for the operator
   * to see the report, extend the key in status, and for every replica to see that status.
   */
  static final Duration REPORT_LEAD = Duration.ofSeconds(3);

  /** The least time between two writes of one RootKey's report, however close an expiry is. */
  static final Duration LEAST_SPACING = Duration.ofSeconds(1);

  private final UsageTable table;
  private final KeyIndex index;
  private final KeyUsageWriter writer;
  private final Clock clock;
  private final Duration interval;
  private final Duration activeInterval;
  private final ScheduledExecutorService thread;
  // The reporter's thread alone reads and writes these.
  private final Map<RootKeyRef, Instant> lastWrites = new HashMap<>();
  private Instant lastSweep;

  public UsageReporter(
      UsageTable table,
      KeyIndex index,
      KeyUsageWriter writer,
      Clock clock,
      Duration interval,
      Duration activeInterval) {
    this.table = table;
    this.index = index;
    this.writer = writer;
    this.clock = clock;
    this.interval = interval;
    this.activeInterval = activeInterval;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "usage-reporter");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reports on its own thread from now on, checking every second or every interval if shorter. */
  public void start() {
    long tick = Math.min(interval.toMillis(), LONGEST_TICK.toMillis());
    thread.scheduleWithFixedDelay(this::reportDueLogged, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Writes every RootKey whose report is due; what fails goes again next time. */
  public void reportDue() {
    report(false);
  }

  /**
   * Writes what is waiting, due or not, within {@code timeout} (on shutdown: a use seen just before
   * the stop still reaches its KeyUsage), then stops the thread.
   */
  public void close(Duration timeout) {
    try {
      thread.submit(() -> report(true)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("usage reports not all written at shutdown: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed already.
    }
    thread.shutdownNow();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private void reportDueLogged() {
    try {
      reportDue();
    } catch (RuntimeException e) {
      // Never let one bad tick end the schedule.
      log.warn("usage report tick failed: {}", e.toString());
    }
  }

  private void report(boolean flush) {
    Instant now = clock.instant();
    boolean sweep = !flush && (lastSweep == null || !now.isBefore(lastSweep.plus(activeInterval)));
    Map<RootKeyRef, List<UsageCell>> changed = new HashMap<>();
    for (UsageCell cell : table.cells()) {
      if (cell.hasUnreportedUse()) {
        changed.computeIfAbsent(cell.rootKey(), r -> new ArrayList<>()).add(cell);
      } else if (sweep && indexed(cell).isEmpty()) {
        table.drop(cell);
      }
    }
    changed.forEach((rootKey, cells) -> reportIfDue(rootKey, cells, now, flush));
    if (sweep) {
      // Past the longest interval a last write limits nothing: forget it.
      lastWrites.values().removeIf(at -> !now.isBefore(at.plus(activeInterval)));
      lastSweep = now;
    }
  }

  private void reportIfDue(RootKeyRef rootKey, List<UsageCell> cells, Instant now, boolean flush) {
    List<KeyRecord> expiring =
        cells.stream()
            .map(this::indexed)
            .flatMap(Optional::stream)
            .map(IndexedKey::record)
            .filter(record -> record.getState() == KeyState.Expiring)
            .toList();
    Instant last = lastWrites.get(rootKey);
    if (!flush && last != null && now.isBefore(nextDue(last, expiring))) {
      return;
    }
    Map<String, String> lastUsed = new TreeMap<>();
    long[] sent = new long[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      sent[i] = cells.get(i).lastUsedMillis();
      // Whole seconds, rounded down: a report may make a key look less recently used, never more.
      lastUsed.put(
          cells.get(i).keyId(),
          Instant.ofEpochMilli(sent[i]).truncatedTo(ChronoUnit.SECONDS).toString());
    }
    try {
      writer.write(rootKey, lastUsed, now.truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      if (cells.stream().allMatch(c -> indexed(c).isEmpty())) {
        // The RootKey or these records are gone: no status can take these uses any more.
        cells.forEach(table::drop);
        return;
      }
      log.warn(
          "usage report for RootKey {} not written, retrying at the next tick: {}",
          rootKey,
          e.toString());
      return;
    }
    for (int i = 0; i < cells.size(); i++) {
      cells.get(i).reported(sent[i]);
    }
    lastWrites.put(rootKey, now);
  }

  /**
   * When a RootKey's next report is due after the one written at {@code last}: with no Expiring key
   * used, after activeInterval; else after interval, or {@link #REPORT_LEAD} before the earliest of
   * their expiries if that comes first (the operator extends a key in use only while it still
   * verifies), but never within {@link #LEAST_SPACING} of the last.
   */
  private Instant nextDue(Instant last, List<KeyRecord> expiring) {
    if (expiring.isEmpty()) {
      return last.plus(activeInterval);
    }
    Instant due = last.plus(interval);
    for (KeyRecord record : expiring) {
      Optional<Instant> end = expiry(record.getExpiresAt());
      if (end.isPresent() && end.get().minus(REPORT_LEAD).isBefore(due)) {
        due = end.get().minus(REPORT_LEAD);
      }
    }
    Instant earliest = last.plus(LEAST_SPACING);
    return due.isBefore(earliest) ? earliest : due;
  }

  /**
   * An expiresAt as status has it; none when it cannot be read (such a key does not verify, so no
   * report can keep it valid: the interval applies).
   */
  private static Optional<Instant> expiry(String expiresAt) {
    try {
      return expiresAt == null ? Optional.empty() : Optional.of(Instant.parse(expiresAt));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The key's entry in the index now, if it is still the record this cell counts. */
  private Optional<IndexedKey> indexed(UsageCell cell) {
    return index
        .find(cell.tokenHash())
        .filter(k -> cell.isFor(k.rootKey().getMetadata().getUid(), k.record().getId()));
  }
}
