package dev.rootkey.webhook.verify;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.Unreadable;
import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyHash;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.index.LeakedKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Verifies a key from memory: format and checksum, SHA-256, index lookup, then revoked (by its
 * record, or reported leaked under leak policy Revoke), expired, caller address and permissions, in
 * that order; the first failing check is the verdict.
 *
 * <p>Expiry is judged against the clock at the moment of the request, not against the state the
 * operator last wrote, so an Expiring key turns EXPIRED at its instant even when the operator is
 * late or down. No API call and no blocking I/O: the index is the informer's memory. The key is
 * never logged, kept, or put in an exception; the verdict is counted by code and key state, and a
 * key that was ours is noted as used in its usage cell (one atomic read, a write at most once a
 * second), which a reporter sends to the operator in batches.
 *
 * <p>Parsed {@code allowedCidrs} lists and RFC 3339 instants are cached by their text (bounded), so
 * a request parses nothing that an earlier one already parsed; the cache key being the content
 * itself, a RootKey update can never be judged by a stale parse. Until the index has loaded ({@link
 * #isReady()}), a miss does not mean the key is unknown: callers answer 503 then.
 */
public final class KeyVerifier {

  // Distinct allowlists and instants are few (one or two per RootKey); the bound only keeps a
  // churn of RootKeys from growing the caches for ever.
  private static final int CACHE_LIMIT = 10_000;

  // An instant that does not parse is in the past: a key we cannot judge does not verify.
  private static final Instant UNREADABLE = Instant.MIN;

  private final KeyIndex index;
  private final LeakedKeys leaked;
  private final Clock clock;
  private final VerificationCounts counts;
  private final Map<List<String>, CidrAllowlist> allowlists = new ConcurrentHashMap<>();
  private final Map<String, Instant> instants = new ConcurrentHashMap<>();

  public KeyVerifier(KeyIndex index, Clock clock, VerificationCounts counts) {
    this(index, new LeakedKeys(), clock, counts);
  }

  /** Refusing, when their RootKey's leak policy is Revoke, the keys {@code leaked} names. */
  public KeyVerifier(KeyIndex index, LeakedKeys leaked, Clock clock, VerificationCounts counts) {
    this.index = index;
    this.leaked = leaked;
    this.clock = clock;
    this.counts = counts;
  }

  /** Whether the index has loaded every RootKey, so that NOT_FOUND means not ours. */
  public boolean isReady() {
    return index.isReady();
  }

  /**
   * The verdict on a key.
   *
   * @param key the plaintext key as the client sent it; only its hash goes further
   * @param requestedPermissions permissions that must all be granted; empty checks none
   * @param caller the address judged against the RootKey's allowedCidrs
   */
  public Verification verify(String key, List<String> requestedPermissions, CallerAddress caller) {
    return verify(
        key,
        requestedPermissions == null
            ? PermissionQuery.NONE
            : PermissionQuery.allOf(requestedPermissions),
        caller);
  }

  /**
   * The verdict on a key asked with a permission query, counted by code and key state; a key of
   * ours is noted as used, whatever the verdict.
   *
   * @param permissions what must be granted; {@link PermissionQuery#NONE} checks nothing
   */
  public Verification verify(String key, PermissionQuery permissions, CallerAddress caller) {
    return verify(key, permissions, () -> caller);
  }

  /**
   * As {@link #verify(String, PermissionQuery, CallerAddress)}, asking for the caller's address
   * only when the RootKey's {@code allowedCidrs} needs it.
   */
  public Verification verify(
      String key, PermissionQuery permissions, Supplier<CallerAddress> caller) {
    IndexedKey found = lookup(key);
    if (found == null) {
      // No clock read for a key that is not ours: a stranger's request costs what it did.
      counts.record(VerificationCode.NOT_FOUND, PresentedKeyState.NONE);
      return Verification.NOT_FOUND;
    }
    Instant now = clock.instant();
    Verification verification = judge(found, permissions, caller, now);
    if (verification.code() == VerificationCode.NOT_FOUND) {
      counts.record(VerificationCode.NOT_FOUND, PresentedKeyState.NONE);
      return verification;
    }
    // The key was presented, whatever the verdict: the reporter tells the operator.
    found.usage().presentedAt(now.toEpochMilli());
    counts.record(
        verification.code(), PresentedKeyState.of(found.record().getState(), verification.code()));
    return verification;
  }

  /**
   * What a key's holder may learn about it ({@code keys.whoami}): the same verdict with no
   * permission asked, and neither counted nor noted as a use, so that asking leaves no trace.
   *
   * @param caller asked for only when the RootKey's {@code allowedCidrs} needs it
   */
  public Verification inspect(String key, Supplier<CallerAddress> caller) {
    return judge(lookup(key), PermissionQuery.NONE, caller, clock.instant());
  }

  /** The indexed key of this plaintext, or null: never a copy of the key itself. */
  private IndexedKey lookup(String key) {
    if (!KeyFormat.isWellFormed(key)) {
      return null;
    }
    return index.find(KeyHash.sha256Hex(key)).orElse(null);
  }

  private Verification judge(
      IndexedKey found, PermissionQuery permissions, Supplier<CallerAddress> caller, Instant now) {
    if (found == null) {
      return Verification.NOT_FOUND;
    }
    RootKey rootKey = found.rootKey();
    if (Unreadable.isUnreadable(rootKey)) {
      // Written for another version of the API: its permissions and allowed addresses are unknown.
      return Verification.NOT_FOUND;
    }
    KeyRecord record = found.record();
    RootKeySpec spec = rootKey.getSpec() == null ? new RootKeySpec() : rootKey.getSpec();
    Instant recordExpiry = instant(record.getExpiresAt());
    Instant rootKeyExpiry = instant(spec.getExpiresAt());
    String name = rootKey.getMetadata().getName();
    return new Verification(
        code(found, recordExpiry, rootKeyExpiry, now, spec, permissions, caller),
        record.getId(),
        rootKey.getMetadata().getNamespace(),
        name,
        spec.getPermissions() == null
            ? List.of()
            : Collections.unmodifiableList(spec.getPermissions()),
        earlier(recordExpiry, rootKeyExpiry),
        spec.getDisplayName() == null || spec.getDisplayName().isEmpty()
            ? name
            : spec.getDisplayName(),
        record.getStart(),
        record.getCreatedAt());
  }

  private VerificationCode code(
      IndexedKey found,
      Instant recordExpiry,
      Instant rootKeyExpiry,
      Instant now,
      RootKeySpec spec,
      PermissionQuery permissions,
      Supplier<CallerAddress> caller) {
    KeyRecord record = found.record();
    KeyState state = record.getState();
    // A record without a state was never written by the operator as usable: fail closed.
    if (state == null || state == KeyState.Revoked) {
      return VerificationCode.REVOKED;
    }
    // Reported leaked: refused now, whatever the record says until the operator revokes it.
    if (leaked.names(found) && spec.getLeakPolicy() != LeakPolicy.Notify) {
      return VerificationCode.REVOKED;
    }
    if (state == KeyState.Expired || reached(recordExpiry, now) || reached(rootKeyExpiry, now)) {
      return VerificationCode.EXPIRED;
    }
    List<String> cidrs = spec.getAllowedCidrs();
    if (cidrs != null && !cidrs.isEmpty() && !allowlist(cidrs).allows(caller.get())) {
      return VerificationCode.FORBIDDEN;
    }
    if (!permissions.isGrantedBy(spec.getPermissions())) {
      return VerificationCode.INSUFFICIENT_PERMISSIONS;
    }
    return VerificationCode.VALID;
  }

  // expiresAt is the first instant at which the key no longer verifies.
  private static boolean reached(Instant expiresAt, Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  private CidrAllowlist allowlist(List<String> cidrs) {
    CidrAllowlist cached = allowlists.get(cidrs);
    if (cached != null) {
      return cached;
    }
    CidrAllowlist parsed = CidrAllowlist.parse(cidrs);
    if (allowlists.size() >= CACHE_LIMIT) {
      allowlists.clear();
    }
    // A copy as the key: the informer's list is not ours to keep.
    allowlists.putIfAbsent(Collections.unmodifiableList(new ArrayList<>(cidrs)), parsed);
    return parsed;
  }

  private Instant instant(String rfc3339) {
    if (rfc3339 == null) {
      return null;
    }
    Instant cached = instants.get(rfc3339);
    if (cached != null) {
      return cached;
    }
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      parsed = UNREADABLE;
    }
    if (instants.size() >= CACHE_LIMIT) {
      instants.clear();
    }
    instants.putIfAbsent(rfc3339, parsed);
    return parsed;
  }
}
