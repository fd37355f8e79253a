package dev.rootkey.webhook.github;

/**
 * The two headers a host signs its alerts with, and its name for messages.
 *
 * @param host who signs, e.g. {@code GitHub}
 * @param keyIdentifier the header naming the key that signed
 * @param signature the header carrying base64 of the DER ECDSA signature over the body
 */
public record SignatureHeaders(String host, String keyIdentifier, String signature) {

  public static final SignatureHeaders GITHUB =
      new SignatureHeaders("GitHub", "Github-Public-Key-Identifier", "Github-Public-Key-Signature");

  /** GitLab's partner alerts, as its automatic-response documentation names them. */
  public static final SignatureHeaders GITLAB =
      new SignatureHeaders("GitLab", "Gitlab-Public-Key-Identifier", "Gitlab-Public-Key-Signature");
}
