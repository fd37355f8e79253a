package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
@JsonIgnoreProperties(ignoreUnknown = true)
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

  @JsonPropertyDescription(
      "RFC 3339 instant after which every key of this RootKey is Expired for good.")
  @Pattern(ApiPatterns.RFC3339)
  private String expiresAt;

  @JsonPropertyDescription("Scheduled rotation and the grace period of replaced keys.")
  private RotationSpec rotation;

  @JsonPropertyDescription("The Secret the key is delivered in.")
  private SecretTarget secret;

  @JsonPropertyDescription("Workloads rolled once after each new key lands in the Secret.")
  private List<RestartTarget> restartTargets;

  @JsonPropertyDescription(
      "On a reported leak: Revoke (default) revokes the key at once and issues a new one;"
          + " Notify only records it.")
  @Default("Revoke")
  private LeakPolicy leakPolicy;

  @JsonPropertyDescription(
      "true: deleting this RootKey is refused (by the chart's admission webhook, or by its"
          + " admission policy when the webhook is off), and the operator's finalizer holds it"
          + " until this is false again.")
  @Default("false")
  private Boolean deleteProtection;

  @JsonPropertyDescription(
      "IPv4 and IPv6 CIDR blocks (10.0.0.0/8, 2001:db8::/32) a key of this RootKey may be verified"
          + " from; a caller elsewhere gets FORBIDDEN. Absent or empty: any address.")
  @Size(max = 64)
  @ValidationRule(
      value = "self.all(c, c.matches(r'" + ApiPatterns.CIDR_SHAPE + "'))",
      message = "each allowedCidrs entry is an address and a prefix length, e.g. 10.0.0.0/8")
  private List<String> allowedCidrs;

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

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public RotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(RotationSpec rotation) {
    this.rotation = rotation;
  }

  public List<RestartTarget> getRestartTargets() {
    return restartTargets;
  }

  public void setRestartTargets(List<RestartTarget> restartTargets) {
    this.restartTargets = restartTargets;
  }

  public LeakPolicy getLeakPolicy() {
    return leakPolicy;
  }

  public void setLeakPolicy(LeakPolicy leakPolicy) {
    this.leakPolicy = leakPolicy;
  }

  public Boolean getDeleteProtection() {
    return deleteProtection;
  }

  public void setDeleteProtection(Boolean deleteProtection) {
    this.deleteProtection = deleteProtection;
  }

  public List<String> getAllowedCidrs() {
    return allowedCidrs;
  }

  public void setAllowedCidrs(List<String> allowedCidrs) {
    this.allowedCidrs = allowedCidrs;
  }

  public SecretTarget getSecret() {
    return secret;
  }

  public void setSecret(SecretTarget secret) {
    this.secret = secret;
  }
}
