package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's CRDs are the generated ones, committed once: the chart's crds/ files are relative
 * symbolic links to crds/*.yml, which Helm follows when it loads, installs or packages the chart.
 */
class ChartCrdsTest {

  private static final Path GENERATED = Path.of("../crds");
  private static final Path IN_CHART = Chart.DIRECTORY.resolve("crds");
  private static final String RESYNC =
      "the chart's CRDs are links to the generated ones in crds/; relink them from the repository"
          + " root with: cd helm/rootkey-operator/crds && ln -sf ../../../crds/*.yml .";

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

  @Test
  void eachCrdInTheChartIsALinkToTheGeneratedFile() throws IOException {
    for (String name : yamlFileNames(IN_CHART)) {
      Path inChart = IN_CHART.resolve(name);
      assertThat(Files.isSymbolicLink(inChart)).as("%s is a link: %s", name, RESYNC).isTrue();
      assertThat(Files.readSymbolicLink(inChart))
          .as("a relative link, valid wherever the repository is checked out")
          .isEqualTo(Path.of("../../../crds", name));
    }
  }

  @Test
  void helmLoadsTheGeneratedCrdsThroughTheLinks() throws IOException {
    assertThat(Chart.helm().show().crds().call()).contains(generatedCrds());
  }

  @Test
  void thePackagedChartCarriesTheGeneratedCrds(@TempDir Path destination) throws IOException {
    Chart.helm().packageIt().withDestination(destination).call();
    Path archive;
    try (Stream<Path> files = Files.list(destination)) {
      archive = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
    }
    assertThat(Helm.show(archive.toString()).crds().call()).contains(generatedCrds());
  }

  private static List<String> generatedCrds() throws IOException {
    List<String> crds = new ArrayList<>();
    for (String name : yamlFileNames(GENERATED)) {
      crds.add(Files.readString(GENERATED.resolve(name)).strip());
    }
    return crds;
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
