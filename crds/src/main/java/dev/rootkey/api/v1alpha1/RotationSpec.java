package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** When keys rotate on their own, and how long a replaced key keeps working. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RotationSpec {

  @JsonPropertyDescription("Rotate this often (Go duration, e.g. 720h); unset: only on demand.")
  @Pattern(ApiPatterns.DURATION)
  private String interval;

  @JsonPropertyDescription(
      "How long a replaced key stays valid (Go duration); 0s revokes it at once. Default 1h.")
  @Pattern(ApiPatterns.DURATION)
  @Default(RootKeyDefaults.GRACE_PERIOD)
  private String gracePeriod;

  @JsonPropertyDescription(
      "Past gracePeriod, a replaced key stays valid while it is still in use (verified within"
          + " idleTimeout), but never longer than this after its rotation, nor past spec.expiresAt"
          + " (Go duration, at least gracePeriod). Unset: a replaced key retires when gracePeriod"
          + " ends, used or not.")
  @Pattern(ApiPatterns.DURATION)
  private String maxGracePeriod;

  @JsonPropertyDescription(
      "How recent a verification of a replaced key must be for it to count as still in use (Go"
          + " duration). Default 5m; read only with maxGracePeriod.")
  @Pattern(ApiPatterns.DURATION)
  private String idleTimeout;

  @JsonPropertyDescription(
      "How many key records status keeps, a soft bound: a record that still verifies, or that a"
          + " KeyLeak names, is never dropped.")
  @Min(1)
  @Max(100)
  @Default("10")
  private Integer historyLimit;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(String gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  public String getMaxGracePeriod() {
    return maxGracePeriod;
  }

  public void setMaxGracePeriod(String maxGracePeriod) {
    this.maxGracePeriod = maxGracePeriod;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
