package dev.rootkey.sandbox;

import java.util.regex.Pattern;

/** Words printed for a person to paste into a POSIX shell. */
final class Shell {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  /** {@code word} as the shell reads it back: as it is when plain, else single-quoted. */
  static String quote(String word) {
    return PLAIN.matcher(word).matches() ? word : singleQuoted(word);
  }

  /** {@code word} in single quotes, which the shell reads back as exactly {@code word}. */
  static String singleQuoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
