package dev.rootkey.key;

import dev.rootkey.api.v1alpha1.KeyRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's seal on a key record: an HMAC-SHA256 binding the record's id and hash to one
 * RootKey (namespace and uid), under a key only the operator and the scanner-webhook hold.
 *
 * <p>Whoever may write a RootKey's status can copy any record into it, but cannot seal the copy for
 * that RootKey: a record whose seal does not verify is not the operator's, and neither verifies a
 * key nor receives its leak.
 */
public final class RecordSeal {

  /** The environment variable both components read the key from: base64 of the key's bytes. */
  public static final String VARIABLE = "ROOTKEY_RECORD_SEAL_KEY";

  /** HMAC-SHA256's own strength: a shorter key would be the weakest part. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  // Names what is sealed, so that this MAC can never be mistaken for another use of the same key.
  private static final byte[] PURPOSE =
      "rootkey.dev/key-record-seal/v1".getBytes(StandardCharsets.UTF_8);

  // Initialised with the key and never used itself, only copied: a copy costs less than the
  // provider lookup and key setup that every record sealed or checked would otherwise make.
  // Copying a never-updated Mac from many threads is safe for the JDK's own (SunJCE) HMAC, which
  // only reads its digest and key pads to copy them. Null where the provider cannot copy one.
  private final Mac prototype;

  private final SecretKeySpec key;

  public RecordSeal(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a record seal key needs at least " + MIN_KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.prototype = copyable(newMac());
  }

  /** A fresh key: for a process that runs the operator and the webhook together (the sandbox). */
  public static RecordSeal random(SecureRandom random) {
    byte[] key = new byte[MIN_KEY_BYTES];
    random.nextBytes(key);
    return new RecordSeal(key);
  }

  /**
   * The key in {@value #VARIABLE}; a missing or unusable one is an error whose message names the
   * variable and never shows its value.
   */
  public static RecordSeal fromEnvironment(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          VARIABLE
              + " is not set: give the operator and the scanner-webhook the same base64 key of at"
              + " least "
              + MIN_KEY_BYTES
              + " random bytes (the chart's recordSeal Secret); without it forged key records"
              + " cannot be told from real ones");
    }
    byte[] key;
    try {
      String trimmed = value.strip();
      key =
          trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(
          VARIABLE + " is not base64: give base64 of at least " + MIN_KEY_BYTES + " random bytes");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          VARIABLE
              + " decodes to "
              + key.length
              + " bytes: give base64 of at least "
              + MIN_KEY_BYTES
              + " random bytes");
    }
    try {
      return new RecordSeal(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The seal of the record {@code id} with {@code hash} in the RootKey {@code uid}: base64url. */
  public String seal(String namespace, String uid, String id, String hash) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(namespace, uid, id, hash));
  }

  /**
   * A copy of {@code record} carrying its seal for the RootKey {@code uid} in {@code namespace}.
   */
  public KeyRecord sealed(String namespace, String uid, KeyRecord record) {
    KeyRecord sealed = new KeyRecord(record);
    sealed.setSeal(seal(namespace, uid, record.getId(), record.getHash()));
    return sealed;
  }

  /** Whether {@code record} carries the operator's seal for the RootKey {@code uid}. */
  public boolean verifies(String namespace, String uid, KeyRecord record) {
    if (namespace == null
        || uid == null
        || record.getId() == null
        || record.getHash() == null
        || record.getSeal() == null) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = Base64.getUrlDecoder().decode(record.getSeal());
    } catch (IllegalArgumentException notBase64Url) {
      return false;
    }
    // Constant time: how much of a guess matched must not show in the time taken.
    return MessageDigest.isEqual(mac(namespace, uid, record.getId(), record.getHash()), claimed);
  }

  private byte[] mac(String namespace, String uid, String id, String hash) {
    Mac mac = prototype == null ? newMac() : copy(prototype);
    mac.update(PURPOSE);
    // Each field preceded by its length: ("a", "bc") and ("ab", "c") seal differently.
    for (String field : new String[] {namespace, uid, id, hash}) {
      byte[] bytes = Objects.requireNonNull(field, "sealed field").getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      mac.update(bytes);
    }
    return mac.doFinal();
  }

  /** {@code mac} if it can be copied; else null, and every seal makes its own, as correct. */
  private static Mac copyable(Mac mac) {
    try {
      mac.clone();
      return mac;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  private static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("a Mac that was copied once cannot be copied again", e);
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides " + ALGORITHM, e);
    }
  }
}
