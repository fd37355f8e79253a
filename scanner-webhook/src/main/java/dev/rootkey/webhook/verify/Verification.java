package dev.rootkey.webhook.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one key, with what is known about it: no key details for {@link
 * VerificationCode#NOT_FOUND}, so a probe learns nothing about keys that are not its own.
 *
 * @param keyId the key record's id, {@code null} for NOT_FOUND
 * @param namespace the RootKey's namespace, {@code null} for NOT_FOUND
 * @param name the RootKey's name, {@code null} for NOT_FOUND
 * @param permissions the RootKey's granted permissions, {@code null} for NOT_FOUND
 * @param expiresAt when the key stops verifying (the earlier of the record's and the RootKey's),
 *     {@code null} if never or NOT_FOUND
 * @param displayName the RootKey's {@code spec.displayName}, else its name; {@code null} for
 *     NOT_FOUND
 * @param start the key record's first characters, {@code null} for NOT_FOUND
 * @param createdAt when the key record was created (RFC 3339, as recorded), {@code null} if unknown
 *     or NOT_FOUND; left unparsed here, since only whoami reads it and every record has its own
 *     (the verifier's instant cache holds the few expiry instants)
 */
public record Verification(
    VerificationCode code,
    String keyId,
    String namespace,
    String name,
    List<String> permissions,
    Instant expiresAt,
    String displayName,
    String start,
    String createdAt) {

  static final Verification NOT_FOUND =
      new Verification(VerificationCode.NOT_FOUND, null, null, null, null, null, null, null, null);

  public Verification {
    Objects.requireNonNull(code, "code");
  }

  public boolean valid() {
    return code == VerificationCode.VALID;
  }

  /** Whether the key was found: only then are its details known. */
  public boolean found() {
    return code != VerificationCode.NOT_FOUND;
  }

  /** Unkey's {@code enabled}: a revoked key never verifies again; no RootKey key is disabled. */
  public boolean enabled() {
    return code != VerificationCode.REVOKED;
  }
}
