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

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
