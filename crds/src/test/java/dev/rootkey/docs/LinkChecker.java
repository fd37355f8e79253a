package dev.rootkey.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that the relative links of Markdown pages lead to files that exist and, in Markdown files,
 * to headings that exist. Links with a scheme (https:, mailto:) are left alone: nothing is fetched.
 */
final class LinkChecker {

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:|^//");

  private final Path root;
  private final Map<Path, Set<String>> anchorsByPage = new HashMap<>();

  /**
   * @param root the repository's top folder: links may not leave it, and "/x" starts there
   */
  LinkChecker(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** One line per broken link: "page:line: [target] problem", in page and line order. */
  List<String> problems(Collection<Path> pages) {
    List<String> problems = new ArrayList<>();
    for (Path page : pages) {
      for (MarkdownLink link : MarkdownLinks.in(page, lines(page))) {
        String problem = problem(link);
        if (problem != null) {
          problems.add(
              root.relativize(page.toAbsolutePath().normalize())
                  + ":"
                  + link.line()
                  + ": ("
                  + link.target()
                  + ") "
                  + problem);
        }
      }
    }
    return problems;
  }

  private String problem(MarkdownLink link) {
    String target = link.target();
    if (SCHEME.matcher(target).find()) {
      return null;
    }
    int hash = target.indexOf('#');
    String path =
        URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
    String anchor = hash < 0 ? "" : target.substring(hash + 1);
    Path page = link.page().toAbsolutePath().normalize();
    Path file;
    if (path.isEmpty()) {
      file = page;
    } else if (path.startsWith("/")) {
      file = root.resolve(path.substring(1)).normalize();
    } else {
      file = page.getParent().resolve(path).normalize();
    }
    if (!file.startsWith(root)) {
      return "leads outside the repository";
    }
    if (!Files.exists(file)) {
      return "no such file: " + root.relativize(file);
    }
    if (anchor.isEmpty() || !Files.isRegularFile(file) || !file.toString().endsWith(".md")) {
      return null;
    }
    Set<String> anchors = anchorsByPage.computeIfAbsent(file, f -> GitHubAnchors.of(lines(f)));
    return anchors.contains(anchor)
        ? null
        : "no heading #" + anchor + " in " + root.relativize(file);
  }

  private static List<String> lines(Path page) {
    try {
      return Files.readAllLines(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
