package dev.rootkey.webhook.verify;

import java.util.Objects;

/**
 * A verification request: the key and the permissions it must have.
 *
 * @param permissions what must be granted; {@link PermissionQuery#NONE} checks nothing
 */
public record VerifyRequest(String key, PermissionQuery permissions) {

  public VerifyRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(permissions, "permissions");
  }

  /** Leaves the key out: a request may reach a log line or an exception message. */
  @Override
  public String toString() {
    return "VerifyRequest[key=<redacted>, permissions=" + permissions + "]";
  }
}
