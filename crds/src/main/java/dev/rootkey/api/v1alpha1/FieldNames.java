package dev.rootkey.api.v1alpha1;

/**
 * Field names taken from input, made safe to put in one line of a log, an Event or a condition:
 * anything but letters, digits and {@code _-$./} (map keys such as label names) is escaped as
 * \\uXXXX, and long names are cut.
 */
public final class FieldNames {

  private static final int MAX_LENGTH = 64;

  private FieldNames() {}

  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(name.length(), MAX_LENGTH);
    for (int i = 0; i < shown; i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '$'
          || c == '.'
          || c == '/') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return shown < name.length() ? out + "..." : out.toString();
  }
}
