package dev.rootkey.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRD YAML committed under crds/ is what users apply: it must match the generated one. */
class GeneratedCrdTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of(".");

  @Test
  void committedCrdsMatchTheOnesGeneratedFromTheJavaTypes() throws IOException {
    List<Path> generated;
    try (Stream<Path> files = Files.list(GENERATED)) {
      generated = files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList();
    }
    assertThat(generated).isNotEmpty();
    for (Path file : generated) {
      Path committed = COMMITTED.resolve(file.getFileName());
      assertThat(committed)
          .as(
              "%s is stale or missing: run `mvn -pl crds process-classes` and copy %s to crds/",
              committed.getFileName(), file)
          .exists()
          .hasSameTextualContentAs(file, StandardCharsets.UTF_8);
    }
  }
}
