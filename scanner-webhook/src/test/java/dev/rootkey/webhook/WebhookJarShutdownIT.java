package dev.rootkey.webhook;

import static org.awaitility.Awaitility.await;

import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.ApiServerStandIns;
import dev.rootkey.operator.ChildProcess;
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
 * The packaged scanner-webhook jar ends within seconds of SIGTERM whatever its API server does:
 * answering, gone, or accepting connections and never answering. A pod has 30 s before it is
 * killed.
 */
class WebhookJarShutdownIT {

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
  void sigtermEndsARunningWebhook() throws Exception {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    RunningWebhook webhook = start(server.getPort());
    await().atMost(Duration.ofSeconds(60)).until(() -> status(webhook, "/readyz") == 200);

    webhook.process().terminate();

    awaitExit(webhook);
  }

  @Test
  void sigtermEndsTheWebhookAfterItsApiServerWentAway() throws Exception {
    KubernetesMockServer server = ApiServerStandIns.answering();
    cleanup.push(server::destroy);
    RunningWebhook webhook = start(server.getPort());
    await().atMost(Duration.ofSeconds(60)).until(() -> status(webhook, "/readyz") == 200);

    server.destroy();
    webhook.process().terminate();

    awaitExit(webhook);
  }

  @Test
  void sigtermEndsTheWebhookWhoseApiServerNeverAnswers() throws Exception {
    ServerSocket silent = ApiServerStandIns.silent();
    cleanup.push(silent);
    RunningWebhook webhook = start(silent.getLocalPort());
    await().atMost(Duration.ofSeconds(60)).until(() -> status(webhook, "/healthz") == 200);

    webhook.process().terminate();

    awaitExit(webhook);
  }

  private static void awaitExit(RunningWebhook webhook) {
    await()
        .atMost(EXITS_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !webhook.process().process().isAlive());
  }

  private record RunningWebhook(ChildProcess process, int port) {}

  private RunningWebhook start(int apiPort) throws IOException {
    int port = ApiServerStandIns.freePort();
    ProcessBuilder jar =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/rootkey-scanner-webhook.jar")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("webhook-" + apiPort + ".log").toFile());
    jar.environment().put("KUBECONFIG", ApiServerStandIns.kubeconfig(work, apiPort).toString());
    jar.environment().put("BIND_ADDRESS", "127.0.0.1");
    jar.environment().put("PORT", String.valueOf(port));
    jar.environment().put("ADMISSION_PORT", String.valueOf(ApiServerStandIns.freePort()));
    jar.environment().put(RecordSeal.VARIABLE, ApiServerStandIns.sealKey());
    // Never fetched here: no alert arrives.
    jar.environment().put("GITHUB_KEYS_URL", "http://127.0.0.1:9/meta/public_keys/secret_scanning");
    ChildProcess process = ChildProcess.start(jar);
    cleanup.push(process);
    return new RunningWebhook(process, port);
  }

  private static int status(RunningWebhook webhook, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + path))
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
