package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator jar, run as the chart runs it (leader election on), ends within seconds of
 * SIGTERM whatever its API server does: answering, gone, or accepting connections and never
 * answering. A pod has 30 s before it is killed.
 */
class OperatorJarShutdownIT {

  @TempDir Path work;

  @RegisterExtension final Cleanup cleanup = new Cleanup();

  @Test
  void sigtermEndsARunningOperator() throws Exception {
    KubernetesMockServer server = answeringServer();
    RunningOperator operator = start(server.getPort());
    awaitLeading(server, operator);

    PackagedJar.sigtermAndAwaitExit(operator.process());
  }

  @Test
  void sigtermEndsTheOperatorAfterItsApiServerWentAway() throws Exception {
    KubernetesMockServer server = answeringServer();
    RunningOperator operator = start(server.getPort());
    awaitLeading(server, operator);

    server.destroy();
    PackagedJar.sigtermAndAwaitExit(operator.process());
  }

  @Test
  void sigtermEndsTheOperatorWhoseApiServerNeverAnswers() throws Exception {
    ServerSocket silent = cleanup.push(ApiServerStandIns.silent());
    RunningOperator operator = start(silent.getLocalPort());
    // Up, and waiting for informers that never sync (its probes wait with it).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ApiServerStandIns.listening(operator.httpPort()));

    PackagedJar.sigtermAndAwaitExit(operator.process());
  }

  @Test
  void leaseTimingsThatCannotWorkStopTheStartNamingThem() throws Exception {
    KubernetesMockServer server = answeringServer();
    // Shortening the Lease alone leaves the default renew deadline (10s) longer than it.
    ChildProcess operator = start(server.getPort(), Map.of("LEASE_DURATION", "8s")).process();

    await().atMost(Duration.ofSeconds(60)).until(() -> !operator.process().isAlive());
    assertThat(operator.process().exitValue()).isNotZero();
    assertThat(Files.readString(work.resolve("rootkey-operator-" + server.getPort() + ".log")))
        .contains("LEASE_RENEW_DEADLINE (10s) must be shorter than LEASE_DURATION (8s)");
  }

  /** Healthy and holding the Lease: stopping then gives the Lease up, where the exit hung. */
  private static void awaitLeading(KubernetesMockServer server, RunningOperator operator) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> PackagedJar.status(operator.httpPort(), "/healthz") == 200);
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

  private record RunningOperator(ChildProcess process, int httpPort) {}

  private RunningOperator start(int apiPort) throws IOException {
    return start(apiPort, Map.of());
  }

  /** The packaged operator against the stand-in on {@code apiPort}, with leader election on. */
  private RunningOperator start(int apiPort, Map<String, String> moreEnv) throws IOException {
    int httpPort = ApiServerStandIns.freePort();
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put("HTTP_PORT", String.valueOf(httpPort));
    env.put("LEADER_ELECTION_NAMESPACE", ApiServerStandIns.NAMESPACE);
    ChildProcess process =
        cleanup.push(
            PackagedJar.startAgainstStandIn(
                Path.of("target/rootkey-operator.jar"), work, apiPort, env));
    return new RunningOperator(process, httpPort);
  }

  /** An answering stand-in API server, destroyed after the test. */
  private KubernetesMockServer answeringServer() {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    return server;
  }
}
