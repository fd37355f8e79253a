package dev.rootkey.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in the README and docs/ leads to a file and heading that exist. */
class DocsLinksTest {

  /**
   * Written on another branch (the sandbox's fidelity) at the same time as these docs, which link
   * to it; once it is merged the link is checked like any other, and the entry can go.
   */
  private static final Set<String> FILES_FROM_OTHER_BRANCHES = Set.of("docs/sandbox.md");

  private final Path root = RepositoryRoot.find();

  @Test
  void everyRelativeLinkInTheReadmeAndDocsLeadsToAFileAndHeadingThatExist() throws IOException {
    List<Path> pages;
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      pages =
          Stream.concat(
                  Stream.of(root.resolve("README.md")),
                  docs.filter(p -> p.toString().endsWith(".md")).sorted())
              .toList();
    }
    assertThat(pages).contains(root.resolve("docs/README.md"));

    List<String> problems = new LinkChecker(root, FILES_FROM_OTHER_BRANCHES).problems(pages);

    assertThat(problems).as("broken links:\n%s", String.join("\n", problems)).isEmpty();
  }
}
