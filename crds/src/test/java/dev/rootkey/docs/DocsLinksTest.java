package dev.rootkey.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in the README and docs/ leads to a file and heading that exist. */
class DocsLinksTest {

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

    List<String> problems = new LinkChecker(root).problems(pages);

    assertThat(problems).as("broken links:\n%s", String.join("\n", problems)).isEmpty();
  }
}
