package dev.rootkey.webhook;

import static org.awaitility.Awaitility.await;

import dev.rootkey.operator.ApiServerStandIns;
import dev.rootkey.operator.ChildProcess;
import dev.rootkey.operator.Cleanup;
import dev.rootkey.operator.PackagedJar;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged scanner-webhook jar ends within seconds of SIGTERM whatever its API server does:
 * answering, gone, or accepting connections and never answering. A pod has 30 s before it is
 * killed.
 */
class WebhookJarShutdownIT {

  @TempDir Path work;

  @RegisterExtension final Cleanup cleanup = new Cleanup();

  @Test
  void sigtermEndsARunningWebhook() throws Exception {
    KubernetesMockServer server = answeringServer();
    RunningWebhook webhook = start(server.getPort());
    awaitOk(webhook, "/readyz");

    PackagedJar.sigtermAndAwaitExit(webhook.process());
  }

  @Test
  void sigtermEndsTheWebhookAfterItsApiServerWentAway() throws Exception {
    KubernetesMockServer server = answeringServer();
    RunningWebhook webhook = start(server.getPort());
    awaitOk(webhook, "/readyz");

    server.destroy();
    PackagedJar.sigtermAndAwaitExit(webhook.process());
  }

  @Test
  void sigtermEndsTheWebhookWhoseApiServerNeverAnswers() throws Exception {
    ServerSocket silent = cleanup.push(ApiServerStandIns.silent());
    RunningWebhook webhook = start(silent.getLocalPort());
    awaitOk(webhook, "/healthz");

    PackagedJar.sigtermAndAwaitExit(webhook.process());
  }

  /** Waits until the webhook answers a GET of {@code path} with 200. */
  private static void awaitOk(RunningWebhook webhook, String path) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> PackagedJar.status(webhook.port(), path) == 200);
  }

  private record RunningWebhook(ChildProcess process, int port) {}

  private RunningWebhook start(int apiPort) throws IOException {
    int port = ApiServerStandIns.freePort();
    ChildProcess process =
        cleanup.push(
            PackagedJar.startAgainstStandIn(
                Path.of("target/rootkey-scanner-webhook.jar"),
                work,
                apiPort,
                Map.of(
                    "BIND_ADDRESS",
                    "127.0.0.1",
                    "PORT",
                    String.valueOf(port),
                    "ADMISSION_PORT",
                    String.valueOf(ApiServerStandIns.freePort()),
                    // Never fetched here: no alert arrives.
                    "GITHUB_KEYS_URL",
                    "http://127.0.0.1:9/meta/public_keys/secret_scanning")));
    return new RunningWebhook(process, port);
  }

  /** An answering stand-in API server, destroyed after the test. */
  private KubernetesMockServer answeringServer() {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    return server;
  }
}
