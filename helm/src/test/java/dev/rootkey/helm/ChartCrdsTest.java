package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartCrdsTest {

  private static final Path GENERATED = Path.of("../crds");
  private static final Path IN_CHART = Chart.DIRECTORY.resolve("crds");
  private static final String RESYNC =
      "the chart's CRDs differ from the generated ones in crds/; resync them from the repository"
          + " root with: cp crds/*.yml helm/rootkey-operator/crds/";

  @Test
  void theChartHoldsExactlyTheGeneratedCrdFiles() throws IOException {
    assertThat(yamlFileNames(IN_CHART))
        .as(RESYNC)
        .isNotEmpty()
        .containsExactlyElementsOf(yamlFileNames(GENERATED));
  }

  @Test
  void eachCrdInTheChartIsByteForByteTheGeneratedOne() throws IOException {
    for (String name : yamlFileNames(GENERATED)) {
      byte[] generated = Files.readAllBytes(GENERATED.resolve(name));
      byte[] inChart = Files.readAllBytes(IN_CHART.resolve(name));
      long mismatch = Arrays.mismatch(generated, inChart);
      assertThat(mismatch)
          .as(
              "%s differs from the generated one at line %d: %s",
              name, lineOf(generated, mismatch), RESYNC)
          .isEqualTo(-1L);
    }
  }

  private static long lineOf(byte[] content, long offset) {
    long line = 1;
    for (int i = 0; i < Math.min(offset, content.length); i++) {
      if (content[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  private static List<String> yamlFileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
