package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/** A {@link Unreadable} status of a RootKey: its getters answer as for an empty one. */
public final class UnreadableRootKeyStatus extends RootKeyStatus implements Unreadable {

  private final JsonNode raw;
  private final String problem;

  UnreadableRootKeyStatus(JsonNode raw, String problem) {
    this.raw = raw;
    this.problem = problem;
  }

  @Override
  public String problem() {
    return problem;
  }

  @Override
  @JsonValue
  public JsonNode raw() {
    return raw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnreadableRootKeyStatus other && raw.equals(other.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }
}
