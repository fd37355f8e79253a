package dev.rootkey.webhook.partner;

/** Whether a request carries a valid signature by its host over its body. */
public sealed interface RequestVerification permits RequestVerification.Verified, Rejection {

  /**
   * @param keyIdentifier the host's key that signed it
   */
  record Verified(String keyIdentifier) implements RequestVerification {}
}
