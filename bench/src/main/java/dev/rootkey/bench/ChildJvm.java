package dev.rootkey.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of the benchmarks in a JVM of its own, on this JVM's Java and class path: for
 * a measure that must not include this process's objects (heap) or share its compiled code (JIT
 * profiles of one side of a comparison shaping the other's).
 */
final class ChildJvm {

  private ChildJvm() {}

  static Process start(String maxHeap, Class<?> main, String... args) throws IOException {
    return start(List.of(), maxHeap, main, args);
  }

  /** As {@link #start(String, Class, String...)}, the JVM run by {@code launcher} (taskset ...). */
  static Process start(List<String> launcher, String maxHeap, Class<?> main, String... args)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(launcher);
    command.add(java);
    command.add("-Xmx" + maxHeap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
