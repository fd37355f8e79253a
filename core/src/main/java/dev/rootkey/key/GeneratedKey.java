package dev.rootkey.key;

/**
 * A freshly generated key: the plaintext token, to be written only into its Secret, with the hash
 * and visible start that may be recorded anywhere.
 */
public record GeneratedKey(String token, String hash, String start) {

  /** The id of the key record: derived from the hash, so it names the key without revealing it. */
  public String id() {
    return "key-" + hash.substring(0, 16);
  }

  /** Never the token: records are printed in logs and exception messages. */
  @Override
  public String toString() {
    return "GeneratedKey[id=" + id() + ", start=" + start + "]";
  }
}
