package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Which key leaked and where it was found. Never the key itself: its hash only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyLeakSpec {

  @JsonPropertyDescription("Name of the RootKey, in this namespace, that the key belongs to.")
  @Required
  private String rootKey;

  @JsonPropertyDescription("Id of the leaked key's record.")
  @Required
  private String keyId;

  @JsonPropertyDescription("SHA-256 of the leaked token, lowercase hex.")
  @Required
  private String tokenHash;

  @JsonPropertyDescription("Where it was found, as the reporter said (may be empty).")
  private String url;

  @JsonPropertyDescription("What kind of place it was found in, e.g. commit, content, npm.")
  private String source;

  @JsonPropertyDescription("The token type the reporter matched, e.g. rootkey_root_key.")
  private String type;

  @JsonPropertyDescription(
      "Who reported it: github, gitlab or gitlab-self-managed"
          + " (older records: github-secret-scanning, meaning github).")
  private String reporter;

  @JsonPropertyDescription("When it was reported (RFC 3339).")
  private String reportedAt;

  public String getRootKey() {
    return rootKey;
  }

  public void setRootKey(String rootKey) {
    this.rootKey = rootKey;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public String getTokenHash() {
    return tokenHash;
  }

  public void setTokenHash(String tokenHash) {
    this.tokenHash = tokenHash;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getReporter() {
    return reporter;
  }

  public void setReporter(String reporter) {
    this.reporter = reporter;
  }

  public String getReportedAt() {
    return reportedAt;
  }

  public void setReportedAt(String reportedAt) {
    this.reportedAt = reportedAt;
  }
}
