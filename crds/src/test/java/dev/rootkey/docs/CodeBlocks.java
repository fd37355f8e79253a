package dev.rootkey.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides a Markdown page's fenced code blocks and code spans, whose text is neither heading nor
 * link, keeping every line where it was so that line numbers still match.
 */
final class CodeBlocks {

  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

  /** A code span: a run of backticks, then anything but a blank line up to a run as long. */
  private static final Pattern CODE_SPAN =
      Pattern.compile("(`+)(?!`)((?:(?!\\n[ \\t]*\\n).)+?)(?<!`)\\1(?!`)", Pattern.DOTALL);

  private CodeBlocks() {}

  /** The lines, with the lines inside fenced code blocks (and their fences) made empty. */
  static List<String> blankedOut(List<String> lines) {
    List<String> prose = new ArrayList<>(lines.size());
    String openFence = null;
    for (String line : lines) {
      Matcher fence = FENCE.matcher(line);
      if (openFence == null && fence.find()) {
        openFence = fence.group(1);
        prose.add("");
      } else if (openFence != null) {
        if (closes(line, openFence)) {
          openFence = null;
        }
        prose.add("");
      } else {
        prose.add(line);
      }
    }
    return prose;
  }

  /** A closing fence: only the opening fence's character, at least as many of it. */
  private static boolean closes(String line, String openFence) {
    String fence = line.strip();
    char c = openFence.charAt(0);
    return fence.length() >= openFence.length()
        && fence.chars().allMatch(ch -> ch == c)
        && line.indexOf(c) <= 3;
  }

  /**
   * The page as one text, code blocks made empty and code spans (which may cross a line break)
   * replaced by spaces, line breaks kept.
   */
  static String withoutCode(List<String> lines) {
    String text = String.join("\n", blankedOut(lines));
    Matcher span = CODE_SPAN.matcher(text);
    StringBuilder prose = new StringBuilder();
    while (span.find()) {
      String blank = span.group().replaceAll("[^\\n]", " ");
      span.appendReplacement(prose, Matcher.quoteReplacement(blank));
    }
    span.appendTail(prose);
    return prose.toString();
  }
}
