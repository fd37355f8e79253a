package dev.rootkey.webhook.partner;

import com.fasterxml.jackson.annotation.JsonValue;

/** Our verdict on one match: one of our keys (live or not), or not ours. */
public enum VerdictLabel {
  TRUE_POSITIVE("true_positive"),
  FALSE_POSITIVE("false_positive");

  private final String wireName;

  VerdictLabel(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
