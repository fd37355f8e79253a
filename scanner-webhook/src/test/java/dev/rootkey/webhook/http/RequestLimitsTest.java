package dev.rootkey.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.ScannerWebhook;
import dev.rootkey.webhook.TokenRevocationApi;
import dev.rootkey.webhook.WebhookApp;
import dev.rootkey.webhook.WebhookConfig;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook's request limits over real sockets: bodies too large or too slow are refused while
 * they are read, on every route, and the server keeps answering.
 */
@EnableKubernetesMockClient(crud = true)
class RequestLimitsTest {

  private static final int LIMIT = 64 * 1024;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static final String REVOCATION_TOKEN = "self-managed-gitlab-token";

  /** A route added after the webhook's own, as the benchmarks add one. */
  private static final String LATER_ROUTE = "/added-later";

  KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ScheduledExecutorService trickler;
  private ScannerWebhook webhook;

  @BeforeEach
  void start() {
    trickler = Executors.newSingleThreadScheduledExecutor();
    webhook =
        ScannerWebhook.start(
            client,
            new WebhookConfig(
                "127.0.0.1",
                0,
                OptionalInt.of(0),
                URI.create("http://127.0.0.1:9/keys"),
                Optional.empty(),
                Set.of(),
                LIMIT,
                "",
                Optional.empty(),
                READ_TIMEOUT,
                new GitLabConfig(
                    Optional.of(URI.create("http://127.0.0.1:9/keys")),
                    Optional.of(new PreSharedToken(REVOCATION_TOKEN)))),
            RecordSeal.random(new SecureRandom()),
            Clock.systemUTC(),
            app ->
                app.post(LATER_ROUTE, ctx -> ctx.result(String.valueOf(ctx.bodyAsBytes().length))));
  }

  @AfterEach
  void stop() {
    trickler.shutdownNow();
    webhook.close();
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWith413OnEveryRouteAndTheServerKeepsAnswering()
      throws Exception {
    for (URI endpoint :
        List.of(
            url(WebhookApp.VERIFY_KEY_PATH),
            url(WebhookApp.SECRET_SCANNING_PATH),
            url(WebhookApp.GITLAB_SECRET_DETECTION_PATH),
            url(TokenRevocationApi.REVOKE_TOKENS_PATH),
            admissionUrl(RootKeyAdmission.VALIDATE_PATH),
            url(LATER_ROUTE))) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .header("Content-Type", "application/json")
                  .header("Authorization", REVOCATION_TOKEN)
                  // No length given: sent chunked, and made as it is sent, never held whole.
                  .POST(HttpRequest.BodyPublishers.ofInputStream(() -> json(4 * 1024 * 1024)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(endpoint.toString()).isEqualTo(413);
    }
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(url("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedWith413BeforeTheBodyIsSent() throws Exception {
    for (String path : List.of(WebhookApp.VERIFY_KEY_PATH, WebhookApp.WHOAMI_PATH)) {
      try (Socket socket = new Socket("127.0.0.1", webhook.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(headers(path, LIMIT + 1));
        out.flush();

        CompletableFuture<String> answer = statusLine(socket);

        await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
        assertThat(answer.get()).as(path).startsWith("HTTP/1.1 413 ");
      }
    }
  }

  @Test
  void aVerificationBodyOfExactlyItsDeclaredLengthIsReadWhole() throws Exception {
    // Padded with spaces to the limit: a short read would leave the JSON unfinished (400).
    String request = "{\"key\": \"rk_not_ours\"}";
    String body = request + " ".repeat(LIMIT - request.length());
    // Until the index has loaded, verification answers 503 whatever the body.
    await().atMost(Duration.ofSeconds(20)).until(webhook::isReady);

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url(WebhookApp.VERIFY_KEY_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
  }

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url(LATER_ROUTE))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> json(LIMIT)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(String.valueOf(LIMIT));
  }

  @Test
  void aStalledBodyIsAnswered408WithinTheReadTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", webhook.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(headers(WebhookApp.VERIFY_KEY_PATH, 1000));
      out.write("{\"key\": \"r".getBytes(StandardCharsets.US_ASCII));
      out.flush();

      CompletableFuture<String> answer = statusLine(socket);

      // The old code waited for Jetty's 30 s idle timeout, then answered 500.
      await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
      assertThat(answer.get()).startsWith("HTTP/1.1 408 ");
    }
  }

  @Test
  void aBodyTrickledSlowerThanTheReadTimeoutIsAnswered408() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", webhook.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(headers(WebhookApp.VERIFY_KEY_PATH, 1000));
      out.flush();
      // One byte every 200 ms: never idle for a whole read timeout, done only after 200 s.
      trickler.scheduleAtFixedRate(
          () -> {
            try {
              out.write(' ');
              out.flush();
            } catch (IOException closed) {
              throw new IllegalStateException(closed);
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);

      CompletableFuture<String> answer = statusLine(socket);

      await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
      assertThat(answer.get()).startsWith("HTTP/1.1 408 ");
    }
  }

  @Test
  void aMalformedChunkedBodyIsAnswered400OnEveryRouteAndTheServerKeepsAnswering() throws Exception {
    for (String chunkSize : List.of("zz", "-5", "FFFFFFFFFFFFFFFFFFFF")) {
      for (String path :
          List.of(WebhookApp.VERIFY_KEY_PATH, WebhookApp.SECRET_SCANNING_PATH, LATER_ROUTE)) {
        try (Socket socket = new Socket("127.0.0.1", webhook.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n"
                      + chunkSize
                      + "\r\n[]\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();

          CompletableFuture<String> answer = statusLine(socket);

          await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
          // The old code answered 500, as for a fault of the server's own.
          assertThat(answer.get()).as(path + " " + chunkSize).startsWith("HTTP/1.1 400 ");
        }
      }
    }
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(url("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  private static byte[] headers(String path, int contentLength) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + contentLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The first line the server sends, or "closed" if it closes without a word. */
  private static CompletableFuture<String> statusLine(Socket socket) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
              line.append((char) c);
            }
            return line.isEmpty() ? "closed" : line.toString();
          } catch (IOException e) {
            return "closed: " + e;
          }
        });
  }

  /** A JSON array of {@code size} bytes, made as it is read. */
  private static InputStream json(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return left == size - 1 ? '[' : left == 0 ? ']' : ' ';
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(length, left);
        for (int i = 0; i < n; i++) {
          buffer[offset + i] = (byte) read();
        }
        return n;
      }
    };
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + webhook.port() + path);
  }

  private URI admissionUrl(String path) {
    return URI.create("http://127.0.0.1:" + webhook.admissionPort().getAsInt() + path);
  }
}
