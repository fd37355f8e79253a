package dev.rootkey.operator;

import static org.awaitility.Awaitility.await;

import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator jar, run as the chart runs it (leader election on), ends within seconds of
 * SIGTERM whatever its API server does: answering, gone, or accepting connections and never
 * answering. A pod has 30 s before it is killed.
 */
class OperatorJarShutdownIT {

  /** Well inside a pod's grace period, with room for a loaded CI machine. */
  private static final Duration EXITS_WITHIN = Duration.ofSeconds(10);

  @TempDir Path work;

  /** Closed last first. */
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  @AfterEach
  void cleanUp() throws Exception {
    while (!cleanup.isEmpty()) {
      cleanup.pop().close();
    }
  }

  @Test
  void sigtermEndsARunningOperator() throws Exception {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    RunningOperator operator = start(server.getPort());
    awaitLeading(server, operator);

    operator.process().terminate();

    awaitExit(operator);
  }

  @Test
  void sigtermEndsTheOperatorAfterItsApiServerWentAway() throws Exception {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    RunningOperator operator = start(server.getPort());
    awaitLeading(server, operator);

    server.destroy();
    operator.process().terminate();

    awaitExit(operator);
  }

  @Test
  void sigtermEndsTheOperatorWhoseApiServerNeverAnswers() throws Exception {
    ServerSocket silent = ApiServerStandIns.silent();
    cleanup.push(silent);
    RunningOperator operator = start(silent.getLocalPort());
    // Up, and waiting for informers that never sync (its probes wait with it).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ApiServerStandIns.listening(operator.httpPort()));

    operator.process().terminate();

    awaitExit(operator);
  }

  /** Healthy and holding the Lease: stopping then gives the Lease up, where the exit hung. */
  private static void awaitLeading(KubernetesMockServer server, RunningOperator operator) {
    await().atMost(Duration.ofSeconds(60)).until(() -> health(operator) == 200);
    try (KubernetesClient client = server.createClient()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                Lease lease =
                    client
                        .leases()
                        .inNamespace(ApiServerStandIns.NAMESPACE)
                        .withName(OperatorOptions.LEASE_NAME)
                        .get();
                return lease != null && lease.getSpec().getHolderIdentity() != null;
              });
    }
  }

  private static void awaitExit(RunningOperator operator) {
    await()
        .atMost(EXITS_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !operator.process().process().isAlive());
  }

  private record RunningOperator(ChildProcess process, int httpPort) {}

  private RunningOperator start(int apiPort) throws IOException {
    int httpPort = ApiServerStandIns.freePort();
    ProcessBuilder jar =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/rootkey-operator.jar")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("operator-" + apiPort + ".log").toFile());
    jar.environment().put("KUBECONFIG", ApiServerStandIns.kubeconfig(work, apiPort).toString());
    jar.environment().put("HTTP_PORT", String.valueOf(httpPort));
    jar.environment().put("LEADER_ELECTION_NAMESPACE", ApiServerStandIns.NAMESPACE);
    jar.environment().put(RecordSeal.VARIABLE, ApiServerStandIns.sealKey());
    ChildProcess process = ChildProcess.start(jar);
    cleanup.push(process);
    return new RunningOperator(process, httpPort);
  }

  private static int health(RunningOperator operator) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.httpPort() + "/healthz"))
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
