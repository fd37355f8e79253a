package dev.rootkey.docs;

/**
 * The part of a hand-written Markdown page that a generator owns: the lines between a BEGIN and an
 * END marker comment.
 */
final class GeneratedSection {

  static final String BEGIN = "<!-- BEGIN generated";
  static final String END = "<!-- END generated";

  private GeneratedSection() {}

  /**
   * The page with the text between its markers replaced by {@code generated}; the markers and
   * everything outside them stay as they are.
   *
   * @throws IllegalArgumentException when the page lacks a marker, so nothing hand-written is lost
   */
  static String replace(String page, String generated) {
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    int afterBeginLine = page.indexOf('\n', Math.max(begin, 0)) + 1;
    if (begin < 0
        || afterBeginLine == 0
        || end < afterBeginLine
        || page.indexOf(BEGIN, begin + 1) >= 0) {
      throw new IllegalArgumentException(
          "the page needs one line starting with '"
              + BEGIN
              + "' and, after it, one with '"
              + END
              + "'");
    }
    String body = generated.endsWith("\n") ? generated : generated + "\n";
    return page.substring(0, afterBeginLine) + body + page.substring(end);
  }
}
