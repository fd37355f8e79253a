package dev.rootkey.webhook.verify;

import java.util.List;
import java.util.Objects;

/**
 * A verification request: the key and the permissions it must have.
 *
 * @param permissions all must be granted; empty checks none
 */
public record VerifyRequest(String key, List<String> permissions) {

  public VerifyRequest {
    Objects.requireNonNull(key, "key");
    permissions = List.copyOf(permissions);
  }

  /** Leaves the key out: a request may reach a log line or an exception message. */
  @Override
  public String toString() {
    return "VerifyRequest[key=<redacted>, permissions=" + permissions + "]";
  }
}
