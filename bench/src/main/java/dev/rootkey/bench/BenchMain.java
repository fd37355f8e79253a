package dev.rootkey.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the benchmarks, prints a table of figures and writes them as JSON. */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int rotatingRootKeys = 1_000;
    Path results = Path.of("bench/target/results.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rootkeys" -> rotatingRootKeys = Integer.parseInt(args[++i]);
        case "--results" -> results = Path.of(args[++i]);
        default -> {
          System.err.println("usage: bench/run [--rootkeys N] [--results FILE]");
          System.exit(2);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("java", System.getProperty("java.version"));

    RotationLatenessBenchmark.Result lateness = RotationLatenessBenchmark.run(rotatingRootKeys);
    figures.put("rotation_rootkeys", lateness.rootKeys());
    figures.put("rotation_lateness_p50_ms", lateness.latenessMs().p50());
    figures.put("rotation_lateness_p99_ms", lateness.latenessMs().p99());
    figures.put("rotation_lateness_max_ms", lateness.latenessMs().max());

    print(figures);
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, Serialization.asJson(figures) + "\n");
    System.out.println("\nwritten to " + results);
  }

  private static void print(Map<String, Object> figures) {
    System.out.println();
    System.out.printf("%-36s %s%n", "figure", "value");
    figures.forEach((name, value) -> System.out.printf("%-36s %s%n", name, value));
  }
}
