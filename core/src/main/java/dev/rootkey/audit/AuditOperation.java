package dev.rootkey.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an audit record is about: one value for each kind of key operation. */
public enum AuditOperation {
  /** The first key of a RootKey is in its Secret. */
  KEY_ISSUED("key.issued"),
  /** A new key replaced the current one (details: trigger, gracePeriod, replacedKeyId). */
  KEY_ROTATED("key.rotated"),
  /** A key stopped verifying because its grace period or its RootKey's expiry came. */
  KEY_EXPIRED("key.expired"),
  /** A key stopped verifying before its time: reported leaked, or replaced with no grace. */
  KEY_REVOKED("key.revoked"),
  /** GitHub secret scanning reported one of our keys found in public. */
  LEAK_REPORTED("leak.reported"),
  /** A rotation was asked of a RootKey past its expiry, and not done. */
  ROTATION_REFUSED("rotation.refused"),
  ROOTKEY_CREATED("rootkey.created"),
  /** Someone changed the spec, labels or annotations (details: fields). */
  ROOTKEY_EDITED("rootkey.edited"),
  ROOTKEY_DELETED("rootkey.deleted"),
  /** A delete of a RootKey with spec.deleteProtection was refused or held back. */
  ROOTKEY_DELETE_REFUSED("rootkey.delete_refused");

  private final String name;

  AuditOperation(String name) {
    this.name = name;
  }

  /** The name in records, e.g. {@code key.rotated}. */
  @JsonValue
  public String recordName() {
    return name;
  }
}
