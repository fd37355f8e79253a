package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/** A {@link Unreadable} spec of a KeyLeak: its getters answer as for an empty one. */
public final class UnreadableKeyLeakSpec extends KeyLeakSpec implements Unreadable {

  private final JsonNode raw;
  private final String problem;

  UnreadableKeyLeakSpec(JsonNode raw, String problem) {
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
    return o instanceof UnreadableKeyLeakSpec other && raw.equals(other.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }
}
