package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What the user asks for: the key's permissions, its token prefix and where it is delivered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootKeySpec {

  @JsonPropertyDescription("Human-readable name; defaults to metadata.name.")
  @Size(max = 253)
  private String displayName;

  @JsonPropertyDescription(
      "Permissions granted to the key, e.g. api.*.verify_key. Dot-separated segments of"
          + " letters, digits, '_' and '-'; a segment of '*' matches any one segment.")
  @Required
  @Size(min = 1)
  @ValidationRule(
      value = "self.all(p, p.matches(r'" + ApiPatterns.PERMISSION + "'))",
      message = "each permission is dot-separated segments of [A-Za-z0-9_-] or '*'")
  private List<String> permissions = new ArrayList<>();

  @JsonPropertyDescription(
      "Token prefix: 2 to 16 lowercase letters and digits, starting with a letter.")
  @Pattern(ApiPatterns.PREFIX)
  @Default(RootKeyDefaults.PREFIX)
  private String prefix;

  @JsonPropertyDescription("The Secret the key is delivered in.")
  private SecretTarget secret;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<String> getPermissions() {
    return permissions;
  }

  public void setPermissions(List<String> permissions) {
    this.permissions = permissions;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public SecretTarget getSecret() {
    return secret;
  }

  public void setSecret(SecretTarget secret) {
    this.secret = secret;
  }
}
