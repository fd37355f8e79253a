package dev.rootkey.log;

/**
 * Makes any text safe to put in one log line: line breaks and other control characters become
 * visible escapes, so text from a request can never start a line of its own.
 */
public final class LogText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogText() {}

  /**
   * The text with {@code \n}, {@code \r} and {@code \t} written as those two characters, every
   * other C0 and C1 control character, DEL and the Unicode line and paragraph separators as {@code
   * \}{@code uXXXX}, and cut after {@code maxChars} characters with a note of how many were left
   * out. Everything else, including backslashes, is kept as it is.
   *
   * @param maxChars the most characters of {@code text} kept; {@link Integer#MAX_VALUE} for all
   */
  public static String escape(CharSequence text, int maxChars) {
    if (text == null) {
      return "null";
    }
    int length = text.length();
    int kept = Math.min(length, maxChars);
    if (kept < length && kept > 0 && Character.isHighSurrogate(text.charAt(kept - 1))) {
      kept--; // never half a character
    }
    int first = firstToEscape(text, kept);
    if (first == kept && kept == length) {
      return text.toString();
    }
    StringBuilder out = new StringBuilder(kept + 16).append(text, 0, first);
    for (int i = first; i < kept; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    if (kept < length) {
      out.append("...[").append(length - kept).append(" more characters]");
    }
    return out.toString();
  }

  private static int firstToEscape(CharSequence text, int end) {
    for (int i = 0; i < end; i++) {
      if (needsEscape(text.charAt(i))) {
        return i;
      }
    }
    return end;
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
