package dev.rootkey.bench;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The operator's live heap with N RootKeys Ready, then with N more Secrets it does not own: the
 * operator runs in a child JVM ({@link OperatorProcess}) against this process's API server.
 */
final class OperatorHeapBenchmark {

  private static final String NAMESPACE = "heap";
  private static final String FOREIGN = "foreign";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  // Lets the informers settle (and a foreign Secret reach a cache, if one wrongly would).
  private static final Duration SETTLE = Duration.ofSeconds(5);

  record Result(int rootKeys, int foreignSecrets, double heapMib, double heapWithForeignMib) {}

  static Result run(int rootKeys, int foreignSecrets) throws Exception {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      BenchRootKeys.namespace(client, NAMESPACE);
      BenchRootKeys.namespace(client, FOREIGN);
      BenchRootKeys.createAll(client, rootKeys, i -> BenchRootKeys.rootKey(NAMESPACE, "rk-" + i));
      Process child = ChildJvm.start("512m", OperatorProcess.class, server.url());
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
          Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
        expect(out, "started");
        server.readyTimes().awaitReady(NAMESPACE, rootKeys, TIMEOUT);
        // The operator writes its Events off the reconcile path: measure once they are out.
        server.awaitRequests("POST events", rootKeys, TIMEOUT);
        Thread.sleep(SETTLE.toMillis());
        double heap = heapMib(in, out);

        // Foreign Secrets in the RootKeys' namespace and in another: neither may be cached.
        BenchRootKeys.createAll(
            client,
            foreignSecrets,
            i ->
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("foreign-" + i)
                    .withNamespace(i % 2 == 0 ? NAMESPACE : FOREIGN)
                    .addToLabels("app", "someone-else")
                    .endMetadata()
                    .addToStringData("password", "not-ours-" + i)
                    .build());
        Thread.sleep(SETTLE.toMillis());
        return new Result(rootKeys, foreignSecrets, heap, heapMib(in, out));
      } finally {
        child.destroy();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static double heapMib(Writer in, BufferedReader out) throws IOException {
    in.write("heap\n");
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException("the operator process ended");
    }
    return Math.round(Long.parseLong(line.trim()) / 1024.0 / 1024.0 * 10) / 10.0;
  }

  private static void expect(BufferedReader out, String expected) throws IOException {
    String line = out.readLine();
    if (!expected.equals(line)) {
      throw new IllegalStateException("the operator process said " + line);
    }
  }

  private OperatorHeapBenchmark() {}
}
