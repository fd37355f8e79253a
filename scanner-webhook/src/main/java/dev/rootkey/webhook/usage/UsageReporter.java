package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * every {@code activeInterval} otherwise, and only the keys whose time moved since the last write
 * that succeeded. So the writes follow the RootKeys in use, never the number of verifications.
 *
 * <p>A failed write is logged (RootKey and error, never a key) and its entries go again at the next
 * tick. Cells of keys that left the index are forgotten once nothing of theirs is waiting.
 */
public final class UsageReporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UsageReporter.class);
  private static final Duration LONGEST_TICK = Duration.ofSeconds(1);

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
    boolean expiring =
        cells.stream()
            .anyMatch(
                c -> indexed(c).map(k -> k.record().getState() == KeyState.Expiring).orElse(false));
    Instant last = lastWrites.get(rootKey);
    if (!flush && last != null && now.isBefore(last.plus(expiring ? interval : activeInterval))) {
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

  /** The key's entry in the index now, if it is still the record this cell counts. */
  private Optional<IndexedKey> indexed(UsageCell cell) {
    return index
        .find(cell.tokenHash())
        .filter(k -> cell.isFor(k.rootKey().getMetadata().getUid(), k.record().getId()));
  }
}
