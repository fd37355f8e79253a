package dev.rootkey.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link checker finds what GitHub would render as a dead link, and nothing else. */
class LinkCheckerTest {

  @TempDir Path root;

  @Test
  void aMissingFileOrHeadingIsReportedWithItsPageAndLine() throws IOException {
    write("docs/guide.md", "# Guide\n\n## Getting started\n");
    Path readme =
        write(
            "README.md",
            "# Title\n\n"
                + "See [the guide](docs/guide.md#getting-started).\n"
                + "And [gone](docs/gone.md), [a typo](docs/guide.md#getting-strated),\n"
                + "[here](#nowhere) and [up](../outside.md).\n");

    List<String> problems = new LinkChecker(root).problems(List.of(readme));

    assertThat(problems)
        .containsExactly(
            "README.md:4: (docs/gone.md) no such file: docs/gone.md",
            "README.md:4: (docs/guide.md#getting-strated) no heading #getting-strated in"
                + " docs/guide.md",
            "README.md:5: (#nowhere) no heading #nowhere in README.md",
            "README.md:5: (../outside.md) leads outside the repository");
  }

  @Test
  void linksInCodeAndExternalLinksAreNotChecked() throws IOException {
    Path page =
        write(
            "page.md",
            "# Page\n\n"
                + "```sh\n[not a link](missing.md)\n```\n\n"
                + "`[nor this](missing.md)` and [the web](https://example.com/missing#x),\n"
                + "[mail](mailto:someone@example.com).\n");

    assertThat(new LinkChecker(root).problems(List.of(page))).isEmpty();
  }

  private Path write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
