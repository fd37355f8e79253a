package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What was done about the leak, and when. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyLeakStatus {

  private LeakAction action;

  @JsonPropertyDescription("When the operator acted (RFC 3339).")
  private String handledAt;

  @JsonPropertyDescription("The key issued in place of the leaked one, if any.")
  private String replacementKeyId;

  @JsonPropertyDescription("What happened, for people.")
  private String message;

  public LeakAction getAction() {
    return action;
  }

  public void setAction(LeakAction action) {
    this.action = action;
  }

  public String getHandledAt() {
    return handledAt;
  }

  public void setHandledAt(String handledAt) {
    this.handledAt = handledAt;
  }

  public String getReplacementKeyId() {
    return replacementKeyId;
  }

  public void setReplacementKeyId(String replacementKeyId) {
    this.replacementKeyId = replacementKeyId;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
