package dev.rootkey.webhook.verify;

/** A verification request body read as a request, or why it cannot be. */
public sealed interface VerifyRequestParse {

  record Parsed(VerifyRequest request) implements VerifyRequestParse {}

  /**
   * Safe to send back in a 400 and to log: never quotes the body's key.
   *
   * @param message what is wrong, the problem's detail
   * @param location where, as Unkey names it: {@code body}, {@code body.permissions}, ...
   * @param fieldMessage what is wrong at that location, in a few words
   * @param fix how to fix it, or {@code null}
   */
  record Malformed(String message, String location, String fieldMessage, String fix)
      implements VerifyRequestParse {

    static Malformed at(String location, String message) {
      return new Malformed(message, location, message, null);
    }
  }
}
