package dev.rootkey.bench;

import java.time.Instant;

/**
 * One verification the chaos harness made through the webhook: the key (by hash), its RootKey, when
 * the request was sent and the code it was answered with.
 */
record VerifyAnswer(Instant at, String rootKey, String hash, String code) {

  boolean valid() {
    return "VALID".equals(code);
  }
}
