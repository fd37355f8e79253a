package dev.rootkey.webhook.partner;

import java.io.IOException;

/** The fetched key-set document cannot be used; the last good key set stays in force. */
public class InvalidKeySetException extends IOException {

  public InvalidKeySetException(String message) {
    super(message);
  }

  public InvalidKeySetException(String message, Throwable cause) {
    super(message, cause);
  }
}
