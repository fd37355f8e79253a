package dev.rootkey.webhook.partner;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's signing keys by identifier (GitHub's or GitLab's, both in the same key-set shape),
 * cached: refetched when stale or when an unknown identifier shows up, at most once per refresh
 * interval however many callers ask, keeping the last good set.
 */
public final class PartnerPublicKeys {

  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(PartnerPublicKeys.class);

  private final PublicKeysFetcher fetcher;
  private final KeySetParser parser;
  private final Clock clock;
  private final Duration ttl;
  private final Duration minRefreshInterval;
  private final String description;

  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** The last good set; null until a fetch has succeeded. */
  private volatile KeySet current;

  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private Instant lastAttemptAt;

  /** Guarded by {@link #lock}; the fetch that concurrent callers wait for instead of repeating. */
  private CompletableFuture<KeySet> inFlight;

  /**
   * @param ttl how long a fetched set is used before it is fetched again
   * @param minRefreshInterval the least time between two fetch attempts, whatever triggers them, so
   *     that requests with made-up key identifiers cannot make us hammer the host
   * @param description whose keys these are, for log lines
   */
  public PartnerPublicKeys(
      PublicKeysFetcher fetcher,
      KeySetParser parser,
      Clock clock,
      Duration ttl,
      Duration minRefreshInterval,
      String description) {
    this.fetcher = fetcher;
    this.parser = parser;
    this.clock = clock;
    this.ttl = ttl;
    this.minRefreshInterval = minRefreshInterval;
    this.description = description;
  }

  /**
   * The listed key with this identifier, compared as an opaque string; an unknown identifier
   * triggers one refresh unless the refresh interval has not yet passed since the last attempt.
   */
  public Optional<PublicKey> find(String keyIdentifier) {
    KeySet keys = current;
    boolean refreshed = false;
    if (keys == null || keys.isStale(clock.instant(), ttl)) {
      keys = refresh();
      refreshed = true;
    }
    Optional<PublicKey> key = lookUp(keys, keyIdentifier);
    if (key.isEmpty() && !refreshed) {
      key = lookUp(refresh(), keyIdentifier);
    }
    return key;
  }

  /**
   * Whether a key set has ever been fetched: if not, an unknown key says nothing about a caller.
   */
  public boolean isLoaded() {
    return current != null;
  }

  public RefreshCounts refreshCounts() {
    return new RefreshCounts(attempted.get(), succeeded.get(), failed.get());
  }

  private static Optional<PublicKey> lookUp(KeySet keys, String keyIdentifier) {
    return keys == null ? Optional.empty() : Optional.ofNullable(keys.byId().get(keyIdentifier));
  }

  /** Fetches, joins a fetch already under way, or, inside the refresh interval, does nothing. */
  private KeySet refresh() {
    CompletableFuture<KeySet> pending;
    boolean mine;
    synchronized (lock) {
      mine = inFlight == null;
      if (mine) {
        Instant now = clock.instant();
        if (lastAttemptAt != null && now.isBefore(lastAttemptAt.plus(minRefreshInterval))) {
          return current;
        }
        lastAttemptAt = now;
        inFlight = new CompletableFuture<>();
      }
      pending = inFlight;
    }
    if (mine) {
      try {
        pending.complete(fetch());
      } finally {
        // Waiters must be released even if the fetch died with an Error.
        pending.complete(current);
        synchronized (lock) {
          inFlight = null;
        }
      }
    }
    return pending.join();
  }

  private KeySet fetch() {
    attempted.incrementAndGet();
    try {
      KeySet fetched = new KeySet(parser.parse(fetcher.fetch()), clock.instant());
      current = fetched;
      succeeded.incrementAndGet();
      return fetched;
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      LOG.warn("Fetching {} failed, keeping the last good set: {}", description, e.toString());
      return current;
    } catch (InterruptedException e) {
      failed.incrementAndGet();
      Thread.currentThread().interrupt();
      return current;
    }
  }

  private record KeySet(Map<String, PublicKey> byId, Instant fetchedAt) {

    boolean isStale(Instant now, Duration ttl) {
      return !now.isBefore(fetchedAt.plus(ttl));
    }
  }
}
