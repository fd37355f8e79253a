package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The record of one issued key: its SHA-256 hash, never the key itself. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRecord {

  @JsonPropertyDescription("Stable identifier of this key within the RootKey.")
  private String id;

  @JsonPropertyDescription("SHA-256 of the token, lowercase hex.")
  private String hash;

  @JsonPropertyDescription("The first characters of the token, for people to recognise it.")
  private String start;

  private KeyState state;

  @JsonPropertyDescription("RFC 3339 time the key was generated.")
  private String createdAt;

  @JsonPropertyDescription("RFC 3339 time after which the key no longer verifies.")
  private String expiresAt;

  @JsonPropertyDescription(
      "RFC 3339 time a newer key replaced this one (its grace period and maxGracePeriod count"
          + " from here).")
  private String replacedAt;

  @JsonPropertyDescription(
      "RFC 3339 time a verification last presented this key, as the scanner-webhook replicas"
          + " reported it: within seconds while the key is Expiring, within minutes while Active.")
  private String lastUsedAt;

  @JsonPropertyDescription("RFC 3339 time the key was revoked.")
  private String revokedAt;

  @JsonPropertyDescription("Why the key left the Active state.")
  private KeyReason reason;

  @JsonPropertyDescription(
      "The operator's HMAC-SHA256 over namespace, RootKey uid, id and hash (base64url). A record"
          + " without a valid seal is not the operator's: it never verifies and is dropped.")
  private String seal;

  public KeyRecord() {}

  /** A copy, so planners can change records without touching the resource they read. */
  public KeyRecord(KeyRecord other) {
    this.id = other.id;
    this.hash = other.hash;
    this.start = other.start;
    this.state = other.state;
    this.createdAt = other.createdAt;
    this.expiresAt = other.expiresAt;
    this.replacedAt = other.replacedAt;
    this.lastUsedAt = other.lastUsedAt;
    this.revokedAt = other.revokedAt;
    this.reason = other.reason;
    this.seal = other.seal;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getHash() {
    return hash;
  }

  public void setHash(String hash) {
    this.hash = hash;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public KeyState getState() {
    return state;
  }

  public void setState(KeyState state) {
    this.state = state;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getReplacedAt() {
    return replacedAt;
  }

  public void setReplacedAt(String replacedAt) {
    this.replacedAt = replacedAt;
  }

  public String getLastUsedAt() {
    return lastUsedAt;
  }

  public void setLastUsedAt(String lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }

  public String getRevokedAt() {
    return revokedAt;
  }

  public void setRevokedAt(String revokedAt) {
    this.revokedAt = revokedAt;
  }

  public KeyReason getReason() {
    return reason;
  }

  public void setReason(KeyReason reason) {
    this.reason = reason;
  }

  public String getSeal() {
    return seal;
  }

  public void setSeal(String seal) {
    this.seal = seal;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRecord other
        && Objects.equals(id, other.id)
        && Objects.equals(hash, other.hash)
        && Objects.equals(start, other.start)
        && state == other.state
        && Objects.equals(createdAt, other.createdAt)
        && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(replacedAt, other.replacedAt)
        && Objects.equals(lastUsedAt, other.lastUsedAt)
        && Objects.equals(revokedAt, other.revokedAt)
        && reason == other.reason
        && Objects.equals(seal, other.seal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, hash, state);
  }
}
