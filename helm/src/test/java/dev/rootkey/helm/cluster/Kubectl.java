package dev.rootkey.helm.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * kubectl (and the shell lines a user pastes) run as processes against the cluster, with KUBECONFIG
 * set as a user would have it. Output is returned, never printed: some of it is a key.
 */
final class Kubectl {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Path kubeconfig;
  private final Path directory;

  /**
   * @param directory where the commands run (files a pasted line writes land there), and their
   *     discovery cache
   */
  Kubectl(Path kubeconfig, Path directory) {
    this.kubeconfig = kubeconfig;
    this.directory = directory;
  }

  /** What a command printed, apart, and how it ended. */
  record Result(int code, String out, String err) {
    boolean succeeded() {
      return code == 0;
    }
  }

  /** kubectl with these arguments; fails unless it succeeds, naming its error output. */
  String ok(String... args) {
    Result result = run(args);
    if (!result.succeeded()) {
      throw new AssertionError(
          "kubectl " + String.join(" ", args) + " exited " + result.code() + ": " + result.err());
    }
    return result.out();
  }

  /** kubectl with these arguments, whatever the outcome. */
  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    return start(command);
  }

  /** A line of shell as a user pastes it (kubectl on the PATH, KUBECONFIG set); must succeed. */
  String shell(String script) {
    Result result = start(List.of("sh", "-euc", script));
    if (!result.succeeded()) {
      throw new AssertionError(
          "sh -c '" + script + "' exited " + result.code() + ": " + result.err());
    }
    return result.out();
  }

  private Result start(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    // Discovery cache of this run only: never the user's ~/.kube.
    builder.environment().put("KUBECACHEDIR", directory.resolve("kube-cache").toString());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stream to its end on a thread of its own, so neither pipe can fill and block. */
  private static CompletableFuture<String> read(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "kubectl-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
