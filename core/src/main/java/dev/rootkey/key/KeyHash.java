package dev.rootkey.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a token, lowercase hex: the only form in which a key is ever recorded. */
public final class KeyHash {

  private static final HexFormat HEX = HexFormat.of();

  // Never used itself, only copied: a copy costs less than a provider lookup, which every
  // verification would otherwise make. Reading an unchanging digest from many threads is safe.
  private static final MessageDigest PROTOTYPE = newSha256();

  private KeyHash() {}

  public static String sha256Hex(String token) {
    return HEX.formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
