package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Recorded with a Pending key so that an issuance interrupted by a crash is finished with the same
 * trigger and grace period it started with.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IssuanceInProgress {

  @JsonPropertyDescription("Id of the Pending key record.")
  private String keyId;

  private IssueTrigger trigger;

  @JsonPropertyDescription("Grace period of the key being replaced (Go duration).")
  private String gracePeriod;

  @JsonPropertyDescription(
      "Who asked for this rotation (rootkey.dev/rotate-requested-by), for the audit record.")
  private String requestedBy;

  public IssuanceInProgress() {}

  public IssuanceInProgress(
      String keyId, IssueTrigger trigger, String gracePeriod, String requestedBy) {
    this.keyId = keyId;
    this.trigger = trigger;
    this.gracePeriod = gracePeriod;
    this.requestedBy = requestedBy;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public IssueTrigger getTrigger() {
    return trigger;
  }

  public void setTrigger(IssueTrigger trigger) {
    this.trigger = trigger;
  }

  public String getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(String gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IssuanceInProgress other
        && Objects.equals(keyId, other.keyId)
        && trigger == other.trigger
        && Objects.equals(gracePeriod, other.gracePeriod)
        && Objects.equals(requestedBy, other.requestedBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, trigger, gracePeriod, requestedBy);
  }
}
