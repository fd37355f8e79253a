package dev.rootkey.webhook.github;

/** Whether a request carries a valid GitHub signature over its body. */
public sealed interface RequestVerification permits RequestVerification.Verified, Rejection {

  /**
   * @param keyIdentifier the GitHub key that signed it
   */
  record Verified(String keyIdentifier) implements RequestVerification {}
}
