package dev.rootkey.webhook.gitlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The token a self-managed GitLab sends as its {@code Authorization} header value (GitLab's {@code
 * secret_detection_token_revocation_token}), checked in constant time.
 */
public final class PreSharedToken {

  private final byte[] expectedDigest;

  public PreSharedToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the pre-shared token must not be blank");
    }
    this.expectedDigest = sha256(token);
  }

  /**
   * Whether the header carries the token. Both sides are hashed first, so that the comparison takes
   * the same time whatever the header's length or how much of it matches.
   *
   * @param authorization the header value exactly as sent, or null when there is none
   */
  public boolean isCarriedBy(String authorization) {
    if (authorization == null) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, sha256(authorization));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** Leaves the token out. */
  @Override
  public String toString() {
    return "PreSharedToken[<redacted>]";
  }
}
