package dev.rootkey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, run against one kubeconfig with a discovery cache of its own. */
final class Kubectl {

  record Result(int code, String output) {}

  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path kubeconfig, Path cacheDir) {
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** kubectl against the API server at {@code url}, its kubeconfig and cache in {@code folder}. */
  static Kubectl against(String url, Path folder) throws IOException {
    Path kubeconfig = folder.resolve("kubeconfig");
    KubeconfigWriter.write(kubeconfig, url);
    return new Kubectl(kubeconfig, folder.resolve("kube-cache"));
  }

  /** Runs kubectl, which must succeed; its output, stripped. */
  String ok(String... args) {
    Result result = run(args);
    assertEquals(
        0, result.code(), () -> "kubectl " + String.join(" ", args) + "\n" + result.output());
    return result.output().strip();
  }

  /** A kubectl still running (e.g. with -w), its output collected as it comes. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private Running(Process process) {
      this.process = process;
      reader =
          new Thread(
              () -> {
                try (var in = process.getInputStream()) {
                  byte[] buffer = new byte[4096];
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                  }
                } catch (IOException e) {
                  output.append(e);
                }
              },
              "kubectl-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Everything printed so far, stdout and stderr together. */
    String output() {
      return output.toString();
    }

    Process process() {
      return process;
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Starts kubectl without waiting for it to end. */
  Running start(String... args) {
    try {
      Process process = processBuilder(args).start();
      process.getOutputStream().close();
      return new Running(process);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    // A fresh discovery cache: kubectl caches /api and /apis per host:port for hours.
    pb.environment().put("KUBECACHEDIR", cacheDir.toString());
    return pb;
  }

  /** Runs kubectl, which must end within 2 minutes; stdout and stderr together. */
  Result run(String... args) {
    try (Running running = start(args)) {
      if (!running.process().waitFor(2, TimeUnit.MINUTES)) {
        throw new AssertionError(
            "kubectl " + String.join(" ", args) + " did not end:\n" + running.output());
      }
      running.reader.join(TimeUnit.SECONDS.toMillis(30));
      return new Result(running.process().exitValue(), running.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
