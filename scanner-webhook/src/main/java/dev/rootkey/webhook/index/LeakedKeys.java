package dev.rootkey.webhook.index;

import java.util.Arrays;
import java.util.HashMap;
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

  // By KeyLeak (namespace/name): what the watch shows, and what this replica filed itself and has
  // not seen deleted. Kept apart, so that a KeyLeak of the same name whose spec says something
  // else cannot overwrite what this replica knows from a signed alert. Guarded by this.
  private final Map<String, Claim> watched = new HashMap<>();
  private final Map<String, Claim> filed = new HashMap<>();
  // What readers see: every claim of both, by hash, as many times as held. An array is never
  // changed once in the map, only replaced whole. Written under this.
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
    byHash.merge(claim.tokenHash(), new Claim[] {claim}, LeakedKeys::joined);
  }

  /** Drops one holding of {@code claim}, if any. */
  private void forget(Claim claim) {
    if (claim != null) {
      byHash.computeIfPresent(claim.tokenHash(), (hash, claims) -> withoutOne(claims, claim));
    }
  }

  private static Claim[] joined(Claim[] held, Claim[] more) {
    Claim[] all = Arrays.copyOf(held, held.length + more.length);
    System.arraycopy(more, 0, all, held.length, more.length);
    return all;
  }

  /**
   * {@code claims} less one holding of {@code claim}; null, which removes the hash, if none is
   * left.
   */
  private static Claim[] withoutOne(Claim[] claims, Claim claim) {
    int at = Arrays.asList(claims).indexOf(claim);
    if (at < 0) {
      return claims;
    }
    if (claims.length == 1) {
      return null;
    }
    Claim[] rest = new Claim[claims.length - 1];
    System.arraycopy(claims, 0, rest, 0, at);
    System.arraycopy(claims, at + 1, rest, at, rest.length - at);
    return rest;
  }
}
