package dev.rootkey.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the links and images of a Markdown page, outside code blocks and code spans. */
final class MarkdownLinks {

  /** {@code [text](target)}, {@code ![alt](target)}, with an optional title after the target. */
  private static final Pattern INLINE =
      Pattern.compile("\\]\\(\\s*(?:<([^>\\n]*)>|([^\\s)]+))(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** A link reference definition: {@code [label]: target}. */
  private static final Pattern DEFINITION =
      Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:[ \\t]*(?:<([^>\\n]*)>|(\\S+))");

  private MarkdownLinks() {}

  static List<MarkdownLink> in(Path page, List<String> lines) {
    String prose = CodeBlocks.withoutCode(lines);
    List<MarkdownLink> links = new ArrayList<>();
    for (Pattern pattern : List.of(INLINE, DEFINITION)) {
      Matcher link = pattern.matcher(prose);
      while (link.find()) {
        String target = link.group(1) != null ? link.group(1) : link.group(2);
        links.add(new MarkdownLink(page, lineOf(prose, link.start()), target));
      }
    }
    links.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : 0);
    return links;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
