package dev.rootkey.key;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The token format {@code <prefix>_<random><checksum>}: 30 base62 characters from SecureRandom (178
 * bits) followed by the 6-character base62 CRC32 of everything before it.
 *
 * <p>The checksum lets the webhook and verification reject typos and non-keys without a lookup, and
 * keeps GitHub's secret-scanning pattern precise, as GitHub's own tokens do.
 */
public final class KeyFormat {

  /** Base62 characters of randomness: 30 x log2(62) = 178.6 bits, above the 160 required. */
  public static final int RANDOM_LENGTH = 30;

  /** Base62 characters of CRC32: 62^6 > 2^32, so every checksum fits. */
  public static final int CHECKSUM_LENGTH = 6;

  /** Characters after the underscore. */
  public static final int BODY_LENGTH = RANDOM_LENGTH + CHECKSUM_LENGTH;

  /** Token characters shown in status and to people: the prefix, '_' and this many more. */
  public static final int VISIBLE_START_LENGTH = 4;

  private KeyFormat() {}

  /**
   * The regular expression to register with GitHub secret scanning for tokens with this prefix,
   * e.g. {@code rk_[0-9A-Za-z]{36}} for the default prefix.
   */
  public static String secretScanningPattern(String prefix) {
    requireValidPrefix(prefix);
    return prefix + "_[0-9A-Za-z]{" + BODY_LENGTH + "}";
  }

  /** Length of every token with this prefix. */
  public static int tokenLength(String prefix) {
    return prefix.length() + 1 + BODY_LENGTH;
  }

  public static boolean isValidPrefix(String prefix) {
    return prefix != null && isValidPrefix(prefix, prefix.length());
  }

  // The rule of ApiPatterns.PREFIX, written out because verification runs it on every request:
  // no regex and no substring on that path.
  private static boolean isValidPrefix(String token, int end) {
    if (end < 2 || end > 16) {
      return false;
    }
    char first = token.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = token.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  static void requireValidPrefix(String prefix) {
    if (!isValidPrefix(prefix)) {
      throw new IllegalArgumentException(
          "prefix must be 2 to 16 lowercase letters or digits, starting with a letter");
    }
  }

  /** The checksum of a token's prefix, underscore and random part. */
  static String checksum(String prefixAndRandom) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndRandom.getBytes(StandardCharsets.US_ASCII));
    return Base62.encodeFixedWidth(crc.getValue(), CHECKSUM_LENGTH);
  }

  /**
   * Whether a string has the token shape and a matching checksum. Answers without a lookup; never
   * throws, and never echoes the input.
   */
  public static boolean isWellFormed(String token) {
    if (token == null) {
      return false;
    }
    int underscore = token.indexOf('_');
    if (underscore < 0 || !isValidPrefix(token, underscore)) {
      return false;
    }
    if (token.length() != underscore + 1 + BODY_LENGTH) {
      return false;
    }
    for (int i = underscore + 1; i < token.length(); i++) {
      if (!Base62.isDigit(token.charAt(i))) {
        return false;
      }
    }
    // Every character is ASCII by now, so the chars are the bytes the checksum was taken over.
    int checksumStart = token.length() - CHECKSUM_LENGTH;
    byte[] covered = new byte[checksumStart];
    for (int i = 0; i < checksumStart; i++) {
      covered[i] = (byte) token.charAt(i);
    }
    CRC32 crc = new CRC32();
    crc.update(covered);
    long rest = crc.getValue();
    for (int i = token.length() - 1; i >= checksumStart; i--) {
      if (token.charAt(i) != Base62.ALPHABET.charAt((int) (rest % Base62.ALPHABET.length()))) {
        return false;
      }
      rest /= Base62.ALPHABET.length();
    }
    return true;
  }

  /** The prefix, the underscore and the first few random characters: safe to show people. */
  public static String visibleStart(String token) {
    int underscore = token.indexOf('_');
    return token.substring(0, Math.min(token.length(), underscore + 1 + VISIBLE_START_LENGTH));
  }
}
