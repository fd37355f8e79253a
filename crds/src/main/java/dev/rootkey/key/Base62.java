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

  static boolean isDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
