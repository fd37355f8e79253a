package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** A workload in the RootKey's namespace to roll after a new key lands: by name or by selector. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.name) != has(self.selector)",
    message = "set exactly one of name and selector")
public class RestartTarget {

  /** The workload kinds that can be rolled. */
  public enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet
  }

  @Required private Kind kind;

  @JsonPropertyDescription("The workload's name.")
  private String name;

  @JsonPropertyDescription("Every workload of this kind whose labels match.")
  private LabelSelector selector;

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
