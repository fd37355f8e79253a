package dev.rootkey.webhook.gitlab;

import dev.rootkey.webhook.partner.AlertFormat;
import dev.rootkey.webhook.partner.SignatureHeaders;
import java.util.Optional;

/** What is particular to GitLab's two sources: its partner alerts' headers and both formats. */
public final class GitLab {

  /** Whose keys {@code GITLAB_KEYS_URL} lists, for log lines. */
  public static final String KEYS_DESCRIPTION = "GitLab's token revocation public keys";

  /** GitLab's partner alerts, as its automatic-response documentation names them. */
  public static final SignatureHeaders SIGNATURE_HEADERS =
      new SignatureHeaders("GitLab", "Gitlab-Public-Key-Identifier", "Gitlab-Public-Key-Signature");

  /** GitLab's partner alerts: {@code {type, token, url}}. */
  public static final AlertFormat ALERT_FORMAT = new AlertFormat("url", Optional.empty());

  /** GitLab's Token Revocation API requests: {@code {type, token, location}}. */
  public static final AlertFormat REVOCATION_FORMAT = new AlertFormat("location", Optional.empty());

  private GitLab() {}
}
