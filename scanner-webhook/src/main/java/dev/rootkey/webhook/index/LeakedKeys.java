package dev.rootkey.webhook.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys this replica knows leaked, from the KeyLeaks it watches and the ones it filed itself: a
 * key named here is refused at once, before (and whether or not) the operator revokes its record.
 *
 * <p>A KeyLeak counts only for the record it names in full: its namespace, RootKey, key id and
 * token hash must all be the found record's, so one naming a hash that is not the named record's
 * refuses nothing. An entry lasts as long as its KeyLeak: when the KeyLeak is deleted, the key is
 * judged by its record alone again (the operator's Revoked record is the durable truth).
 *
 * <p>Reads take no lock and allocate nothing: a concurrent map by hash holds an immutable array of
 * claims per hash, which a writer replaces for the one hash it changed. A change costs the claims
 * of its hash, not all claims: a watch starting over thousands of KeyLeaks adds them in linear
 * time.
 */
public final class LeakedKeys {

  /** What one KeyLeak says leaked: the record it names, in the RootKey's namespace. */
  public record Claim(String namespace, String rootKey, String keyId, String tokenHash) {

    public Claim {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(rootKey, "rootKey");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(tokenHash, "tokenHash");
    }

    /** The claim of a key this replica found: every part is the record's own. */
    public static Claim of(IndexedKey key) {
      return new Claim(
          key.namespace(), key.rootKeyName(), key.record().getId(), key.record().getHash());
    }

    boolean names(IndexedKey key) {
      return namespace.equals(key.namespace())
          && rootKey.equals(key.rootKeyName())
          && keyId.equals(key.record().getId())
          && tokenHash.equals(key.record().getHash());
    }
  }

  private static final Claim[] NONE = new Claim[0];

  // By KeyLeak (namespace/name): what the watch shows, and what this replica filed itself and has
  // not seen deleted. Kept apart, so that a KeyLeak of the same name whose spec says something
  // else cannot overwrite what this replica knows from a signed alert. Guarded by this.
  private final Map<String, Claim> watched = new HashMap<>();
  private final Map<String, Claim> filed = new HashMap<>();
  // Every claim of both, by hash, as many times as held. Guarded by this.
  private final Map<String, List<Claim>> claimsByHash = new HashMap<>();
  // What readers see: claimsByHash's lists as arrays, each replaced whole.
  private final Map<String, Claim[]> byHash = new ConcurrentHashMap<>();

  /** Whether a KeyLeak names this very record: the hot path, lock-free and allocation-free. */
  public boolean names(IndexedKey key) {
    Claim[] claims = byHash.get(key.record().getHash());
    if (claims == null) {
      return false;
    }
    for (Claim claim : claims) {
      if (claim.names(key)) {
        return true;
      }
    }
    return false;
  }

  /** A KeyLeak as the watch shows it, added or changed. */
  public synchronized void watched(String namespace, String name, Claim claim) {
    Objects.requireNonNull(claim, "claim");
    Claim previous = watched.put(namespace + "/" + name, claim);
    // The new claim first: a KeyLeak rewritten with the same claim never names nothing between.
    hold(claim);
    forget(previous);
  }

  /** A KeyLeak the watch shows but that names no record (an unreadable or incomplete spec). */
  public synchronized void unreadable(String namespace, String name) {
    forget(watched.remove(namespace + "/" + name));
  }

  /**
   * A KeyLeak this replica just filed (or found filed) for a signed report: the key is refused from
   * now on, before the watch's event arrives.
   */
  public synchronized void filed(String namespace, String name, Claim claim) {
    Objects.requireNonNull(claim, "claim");
    Claim previous = filed.put(namespace + "/" + name, claim);
    hold(claim);
    forget(previous);
  }

  /** A KeyLeak was deleted: whatever it named is judged by its record alone again. */
  public synchronized void deleted(String namespace, String name) {
    String id = namespace + "/" + name;
    forget(watched.remove(id));
    forget(filed.remove(id));
  }

  private void hold(Claim claim) {
    claimsByHash.computeIfAbsent(claim.tokenHash(), h -> new ArrayList<>()).add(claim);
    publish(claim.tokenHash());
  }

  /** Drops one holding of {@code claim}, if any. */
  private void forget(Claim claim) {
    if (claim == null) {
      return;
    }
    List<Claim> claims = claimsByHash.get(claim.tokenHash());
    if (claims != null) {
      claims.remove(claim);
      if (claims.isEmpty()) {
        claimsByHash.remove(claim.tokenHash());
      }
    }
    publish(claim.tokenHash());
  }

  private void publish(String hash) {
    List<Claim> claims = claimsByHash.get(hash);
    if (claims == null) {
      byHash.remove(hash);
    } else {
      byHash.put(hash, claims.toArray(NONE));
    }
  }
}
