package dev.rootkey.webhook.verify;

/** A verification request body read as a request, or why it cannot be. */
public sealed interface VerifyRequestParse {

  record Parsed(VerifyRequest request) implements VerifyRequestParse {}

  /**
   * @param message what is wrong, safe to send back in a 400 and to log: it never quotes the body
   */
  record Malformed(String message) implements VerifyRequestParse {}
}
