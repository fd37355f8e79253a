package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.github.GitHubTestVectors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpPublicKeysFetcherTest {

  private static final String PATH = "/meta/public_keys/secret_scanning";

  private final HttpClient client = HttpClient.newHttpClient();
  private final CopyOnWriteArrayList<Headers> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> document =
      new AtomicReference<>(GitHubTestVectors.keySetDocument());
  private HttpServer server;

  @BeforeEach
  void startLocalKeysEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        PATH,
        exchange -> {
          requests.add(exchange.getRequestHeaders());
          byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status.get(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stopLocalKeysEndpoint() {
    server.stop(0);
  }

  @Test
  void itSendsTheUserAgentAndTheConfiguredTokenAndReturnsTheDocument() throws Exception {
    String fetched = fetcher(Optional.of("ghp_test_token")).fetch();

    assertThat(fetched).isEqualTo(GitHubTestVectors.keySetDocument());
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getFirst("User-Agent")).isEqualTo("rootkey-scanner-webhook");
    assertThat(requests.get(0).getFirst("Authorization")).isEqualTo("Bearer ghp_test_token");
  }

  @Test
  void withoutATokenOrWithABlankOneItSendsNoAuthorization() throws Exception {
    fetcher(Optional.empty()).fetch();
    fetcher(Optional.of("  ")).fetch();

    assertThat(requests).hasSize(2);
    for (Headers headers : requests) {
      assertThat(headers.getFirst("User-Agent")).isEqualTo("rootkey-scanner-webhook");
      assertThat(headers.containsKey("Authorization")).isFalse();
    }
  }

  @Test
  void anAnswerOtherThan200IsAFailureNamingTheStatusButNotTheToken() {
    status.set(403);

    assertThatThrownBy(() -> fetcher(Optional.of("ghp_secret")).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("403")
        .hasMessageNotContaining("ghp_secret");
  }

  @Test
  void anOversizedDocumentIsAFailure() {
    document.set("x".repeat(HttpPublicKeysFetcher.MAX_DOCUMENT_BYTES + 1));

    assertThatThrownBy(() -> fetcher(Optional.empty()).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void aPayloadSignedWithAKeyServedByALocalKeysEndpointVerifiesEndToEnd() {
    TestingSigner signer = TestingSigner.p256();
    document.set(signer.keySetDocument("local-key"));
    SignedRequestVerifier verifier =
        new SignedRequestVerifier(
            new PartnerPublicKeys(
                fetcher(Optional.empty()),
                new KeySetParser(),
                Clock.systemUTC(),
                PartnerPublicKeys.DEFAULT_TTL,
                PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
                GitHub.KEYS_DESCRIPTION),
            new EcdsaSignatureVerifier(),
            GitHub.SIGNATURE_HEADERS);
    byte[] body =
        "[{\"token\":\"rk_abc\",\"type\":\"rootkey_root_key\",\"url\":\"\",\"source\":\"commit\"}]"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of(
            "github-public-key-identifier",
            "local-key",
            "github-public-key-signature",
            signer.sign(body));

    assertThat(verifier.verify(SignedRequestVerifier.headerLookup(headers), body))
        .isEqualTo(new RequestVerification.Verified("local-key"));
    assertThat(requests).hasSize(1);
  }

  private HttpPublicKeysFetcher fetcher(Optional<String> token) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    return new HttpPublicKeysFetcher(client, url, token, Duration.ofSeconds(5));
  }
}
