package dev.rootkey.key;

/** Base62 with the alphabet 0-9, A-Z, a-z: safe in URLs, shells and GitHub's token patterns. */
final class Base62 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Base62() {}

  /** Encodes a non-negative value as exactly {@code width} digits, most significant first. */
  static String encodeFixedWidth(long value, int width) {
    if (value < 0) {
      throw new IllegalArgumentException("value must not be negative");
    }
    char[] digits = new char[width];
    long rest = value;
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = ALPHABET.charAt((int) (rest % ALPHABET.length()));
      rest /= ALPHABET.length();
    }
    if (rest != 0) {
      throw new IllegalArgumentException(value + " does not fit in " + width + " base62 digits");
    }
    return new String(digits);
  }

  // A table, not three range tests: the characters of a random key follow no pattern, so range
  // tests mispredict branches, and that made this check a fifth of a verification's time.
  private static final boolean[] DIGITS = new boolean[128];

  static {
    for (int i = 0; i < ALPHABET.length(); i++) {
      DIGITS[ALPHABET.charAt(i)] = true;
    }
  }

  static boolean isDigit(char c) {
    return c < DIGITS.length && DIGITS[c];
  }
}
