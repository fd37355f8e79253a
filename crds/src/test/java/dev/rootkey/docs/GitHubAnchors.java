package dev.rootkey.docs;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors GitHub gives a Markdown page's headings: the heading's text lowercased, punctuation
 * dropped, each space a '-', and a repeated anchor numbered -1, -2, ...; plus explicit {@code <a
 * id>} and {@code <a name>} anchors.
 */
final class GitHubAnchors {

  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?[ \\t]*$");
  private static final Pattern CLOSING_HASHES = Pattern.compile("(?:^|[ \\t]+)#+$");
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\s+(?:[^>]*\\s)?(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINK_OR_IMAGE = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  private static final Pattern BACKSLASH_ESCAPE = Pattern.compile("\\\\(\\p{Punct})");

  /** What github-slugger keeps: letters, marks, digits, connector punctuation ('_'), '-', ' '. */
  private static final Pattern DROPPED = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

  private GitHubAnchors() {}

  /** Every anchor of a page whose lines are {@code lines}, outside fenced code blocks. */
  static Set<String> of(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> repeats = new HashMap<>();
    List<String> prose = CodeBlocks.blankedOut(lines);
    for (String line : prose) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String text = heading.group(1) == null ? "" : heading.group(1);
        anchors.add(numbered(slug(CLOSING_HASHES.matcher(text).replaceFirst("")), repeats));
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1));
      }
    }
    return anchors;
  }

  /** The anchor of a heading whose Markdown text is {@code heading}, before numbering repeats. */
  static String slug(String heading) {
    String text = LINK_OR_IMAGE.matcher(heading).replaceAll("$1");
    text = HTML_TAG.matcher(text).replaceAll("");
    text = BACKSLASH_ESCAPE.matcher(text).replaceAll("$1");
    text = text.replace("`", "").replace("*", "");
    return DROPPED.matcher(text.trim().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
  }

  private static String numbered(String slug, Map<String, Integer> repeats) {
    if (!repeats.containsKey(slug)) {
      repeats.put(slug, 0);
      return slug;
    }
    int count = repeats.get(slug);
    String numbered;
    do {
      count++;
      numbered = slug + "-" + count;
    } while (repeats.containsKey(numbered));
    repeats.put(slug, count);
    repeats.put(numbered, 0);
    return numbered;
  }
}
