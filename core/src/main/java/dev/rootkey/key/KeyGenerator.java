package dev.rootkey.key;

import java.security.SecureRandom;
import java.util.Objects;

/** Generates tokens in {@link KeyFormat} from an injected {@link SecureRandom}. */
public class KeyGenerator {

  private final SecureRandom random;

  public KeyGenerator(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public GeneratedKey generate(String prefix) {
    KeyFormat.requireValidPrefix(prefix);
    StringBuilder token = new StringBuilder(KeyFormat.tokenLength(prefix));
    token.append(prefix).append('_');
    for (int i = 0; i < KeyFormat.RANDOM_LENGTH; i++) {
      // nextInt(bound) rejects biased draws, so every character is uniform over the alphabet.
      token.append(Base62.ALPHABET.charAt(random.nextInt(Base62.ALPHABET.length())));
    }
    token.append(KeyFormat.checksum(token.toString()));
    String value = token.toString();
    return new GeneratedKey(value, KeyHash.sha256Hex(value), KeyFormat.visibleStart(value));
  }
}
