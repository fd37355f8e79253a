package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Where the key is delivered: the Secret's name, its data key, and extra metadata. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretTarget {

  @JsonPropertyDescription("Secret name; defaults to the RootKey's metadata.name.")
  @Pattern(ApiPatterns.SECRET_NAME)
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Data key holding the token; defaults to ROOT_KEY.")
  @Pattern(ApiPatterns.SECRET_DATA_KEY)
  @Size(max = 253)
  @Default(RootKeyDefaults.SECRET_DATA_KEY)
  private String key;

  @JsonPropertyDescription(
      "Optional data key that also carries the previous key while it is in its grace period.")
  @Pattern(ApiPatterns.SECRET_DATA_KEY)
  @Size(max = 253)
  private String previousKey;

  @JsonPropertyDescription("Extra labels for the Secret.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Extra annotations for the Secret.")
  private Map<String, String> annotations;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getPreviousKey() {
    return previousKey;
  }

  public void setPreviousKey(String previousKey) {
    this.previousKey = previousKey;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
