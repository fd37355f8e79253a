package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed and did: key records (hashes only), phase and conditions. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootKeyStatus {

  private Phase phase;

  @JsonPropertyDescription("Id of the key currently in the Secret.")
  private String currentKeyId;

  @JsonPropertyDescription("The first characters of the current key, for people to recognise it.")
  private String currentKeyStart;

  @JsonPropertyDescription("Key records, newest first. Hashes only: the key itself is never here.")
  private List<KeyRecord> keys = new ArrayList<>();

  @JsonPropertyDescription("When the current key replaced the previous one (RFC 3339).")
  private String lastRotationAt;

  @JsonPropertyDescription("When the next scheduled rotation is due (RFC 3339), if one is planned.")
  private String nextRotationAt;

  @JsonPropertyDescription(
      "The last value of the rootkey.dev/rotate annotation acted on: each value rotates once.")
  private String lastRotateRequest;

  @JsonPropertyDescription(
      "The rootkey.dev/rotate-grace value already accounted for: the one in place when"
          + " lastRotateRequest was acted on, or seen since without a new rotate value. It"
          + " applies to no later rotation; unset once the annotation is gone.")
  private String lastRotateGrace;

  @JsonPropertyDescription("The key for which restart targets were last rolled.")
  private String restartedForKeyId;

  @JsonPropertyDescription("The issuance under way, if any; cleared once its key is Active.")
  private IssuanceInProgress issuing;

  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  public RootKeyStatus() {}

  /** A deep copy, so a planned status never aliases the one read from the cache. */
  public RootKeyStatus(RootKeyStatus other) {
    this.phase = other.phase;
    this.currentKeyId = other.currentKeyId;
    this.currentKeyStart = other.currentKeyStart;
    this.keys = new ArrayList<>();
    other.keys.forEach(k -> this.keys.add(new KeyRecord(k)));
    this.lastRotationAt = other.lastRotationAt;
    this.nextRotationAt = other.nextRotationAt;
    this.lastRotateRequest = other.lastRotateRequest;
    this.lastRotateGrace = other.lastRotateGrace;
    this.restartedForKeyId = other.restartedForKeyId;
    this.issuing =
        other.issuing == null
            ? null
            : new IssuanceInProgress(
                other.issuing.getKeyId(),
                other.issuing.getTrigger(),
                other.issuing.getGracePeriod(),
                other.issuing.getRequestedBy());
    this.observedGeneration = other.observedGeneration;
    this.conditions = new ArrayList<>();
    other.conditions.forEach(
        c ->
            this.conditions.add(
                new Condition(
                    c.getLastTransitionTime(),
                    c.getMessage(),
                    c.getObservedGeneration(),
                    c.getReason(),
                    c.getStatus(),
                    c.getType())));
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getCurrentKeyId() {
    return currentKeyId;
  }

  public void setCurrentKeyId(String currentKeyId) {
    this.currentKeyId = currentKeyId;
  }

  public String getCurrentKeyStart() {
    return currentKeyStart;
  }

  public void setCurrentKeyStart(String currentKeyStart) {
    this.currentKeyStart = currentKeyStart;
  }

  public List<KeyRecord> getKeys() {
    return keys;
  }

  public void setKeys(List<KeyRecord> keys) {
    this.keys = keys == null ? new ArrayList<>() : keys;
  }

  public String getLastRotationAt() {
    return lastRotationAt;
  }

  public void setLastRotationAt(String lastRotationAt) {
    this.lastRotationAt = lastRotationAt;
  }

  public String getNextRotationAt() {
    return nextRotationAt;
  }

  public void setNextRotationAt(String nextRotationAt) {
    this.nextRotationAt = nextRotationAt;
  }

  public String getLastRotateRequest() {
    return lastRotateRequest;
  }

  public void setLastRotateRequest(String lastRotateRequest) {
    this.lastRotateRequest = lastRotateRequest;
  }

  public String getLastRotateGrace() {
    return lastRotateGrace;
  }

  public void setLastRotateGrace(String lastRotateGrace) {
    this.lastRotateGrace = lastRotateGrace;
  }

  public String getRestartedForKeyId() {
    return restartedForKeyId;
  }

  public void setRestartedForKeyId(String restartedForKeyId) {
    this.restartedForKeyId = restartedForKeyId;
  }

  public IssuanceInProgress getIssuing() {
    return issuing;
  }

  public void setIssuing(IssuanceInProgress issuing) {
    this.issuing = issuing;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RootKeyStatus other
        && phase == other.phase
        && Objects.equals(currentKeyId, other.currentKeyId)
        && Objects.equals(currentKeyStart, other.currentKeyStart)
        && Objects.equals(keys, other.keys)
        && Objects.equals(lastRotationAt, other.lastRotationAt)
        && Objects.equals(nextRotationAt, other.nextRotationAt)
        && Objects.equals(lastRotateRequest, other.lastRotateRequest)
        && Objects.equals(lastRotateGrace, other.lastRotateGrace)
        && Objects.equals(restartedForKeyId, other.restartedForKeyId)
        && Objects.equals(issuing, other.issuing)
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, currentKeyId, keys);
  }
}
