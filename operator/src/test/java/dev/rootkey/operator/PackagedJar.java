package dev.rootkey.operator;

import static org.awaitility.Awaitility.await;

import dev.rootkey.key.RecordSeal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's packaged jar run as its own JVM, as its pod runs it, and asked over HTTP how it is:
 * shared by the operator's and the webhook's tests of their jars through this module's test jar.
 */
public final class PackagedJar {

  /** Well inside a pod's 30 s grace period, with room for a loaded CI machine. */
  private static final Duration EXITS_WITHIN = Duration.ofSeconds(10);

  private PackagedJar() {}

  /** Starts {@code java -jar jar} with {@code env} on top of this environment, output to log. */
  public static ChildProcess start(Path jar, Path log, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return ChildProcess.start(builder);
  }

  /**
   * Starts {@code jar} against the stand-in API server on 127.0.0.1:{@code apiPort} (its kubeconfig
   * in {@code work}) with a record seal key and {@code env}; its output goes to {@code work} too.
   */
  public static ChildProcess startAgainstStandIn(
      Path jar, Path work, int apiPort, Map<String, String> env) throws IOException {
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", ApiServerStandIns.kubeconfig(work, apiPort).toString());
    all.put(RecordSeal.VARIABLE, ApiServerStandIns.sealKey());
    String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    return start(jar, work.resolve(name + "-" + apiPort + ".log"), all);
  }

  /** SIGTERM, as a pod's kubelet sends it, then waits for the JVM to end within 10 s. */
  public static void sigtermAndAwaitExit(ChildProcess jar) {
    jar.terminate();
    await()
        .atMost(EXITS_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !jar.process().isAlive());
  }

  /** The status 127.0.0.1:{@code port} answers a GET of {@code path} with; -1 if none came. */
  public static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
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
}
