package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/** One replica's report: when it last saw each key of one RootKey presented for verification. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyUsageSpec {

  @JsonPropertyDescription("Name of the RootKey, in this namespace, whose keys were used.")
  @Required
  private String rootKey;

  @JsonPropertyDescription(
      "uid of that RootKey: a report about an earlier RootKey of the same name is not folded in.")
  private String rootKeyUid;

  @JsonPropertyDescription("The scanner-webhook replica (its pod name) that saw the uses.")
  @Required
  private String replica;

  @JsonPropertyDescription(
      "Key id to the RFC 3339 time this replica last saw that key presented for verification.")
  private Map<String, String> lastUsed = new LinkedHashMap<>();

  @JsonPropertyDescription("RFC 3339 time the replica last wrote this report.")
  private String reportedAt;

  public String getRootKey() {
    return rootKey;
  }

  public void setRootKey(String rootKey) {
    this.rootKey = rootKey;
  }

  public String getRootKeyUid() {
    return rootKeyUid;
  }

  public void setRootKeyUid(String rootKeyUid) {
    this.rootKeyUid = rootKeyUid;
  }

  public String getReplica() {
    return replica;
  }

  public void setReplica(String replica) {
    this.replica = replica;
  }

  public Map<String, String> getLastUsed() {
    return lastUsed;
  }

  public void setLastUsed(Map<String, String> lastUsed) {
    this.lastUsed = lastUsed;
  }

  public String getReportedAt() {
    return reportedAt;
  }

  public void setReportedAt(String reportedAt) {
    this.reportedAt = reportedAt;
  }
}
