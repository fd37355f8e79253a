package dev.rootkey.webhook.leak;

/** Who reported a leak: the value of a KeyLeak's {@code spec.reporter} and the metrics' label. */
public enum Reporter {
  /** GitHub's secret-scanning partner alerts. */
  GITHUB("github", "github"),
  /** GitLab.com's partner alerts (GitLab's secret detection, public projects). */
  GITLAB("gitlab", "gitlab"),
  /** A self-managed GitLab calling our Token Revocation API. */
  GITLAB_SELF_MANAGED("gitlab-self-managed", "gitlab");

  private final String wireName;
  private final String host;

  Reporter(String wireName, String host) {
    this.wireName = wireName;
    this.host = host;
  }

  /** As written into KeyLeaks, audit records and metric labels. */
  public String wireName() {
    return wireName;
  }

  /** The kind of host, the audit record's actor type. */
  public String host() {
    return host;
  }
}
