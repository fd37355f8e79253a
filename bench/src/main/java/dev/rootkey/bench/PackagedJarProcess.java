package dev.rootkey.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's packaged jar ({@code java -jar}, as its container runs it) in a JVM of its own with
 * the given environment, its output in a log file; SIGKILLed or SIGTERMed on request, and by a
 * shutdown hook should the benchmark's JVM exit first.
 */
final class PackagedJarProcess implements AutoCloseable {

  private static final Duration TERM_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final Path log;
  private final Thread onExit;

  private PackagedJarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.onExit = new Thread(process::destroyForcibly, "kill-" + process.pid());
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  static PackagedJarProcess start(Path jar, Path log, Map<String, String> env) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package it first (bench/run does)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-jar", jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new PackagedJarProcess(builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(TERM_GRACE.toSeconds(), TimeUnit.SECONDS);
  }

  /** The status a GET of {@code path} on 127.0.0.1:{@code port} answers; -1 if none came. */
  static int status(HttpClient http, int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGTERM, as a kubelet sends it, then SIGKILL if it has not ended within 15 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(TERM_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs anyway.
    }
  }
}
