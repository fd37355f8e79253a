package dev.rootkey.webhook.partner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Fetches the key set over HTTP, identified by a User-Agent and, when given, a GitHub token. */
public final class HttpPublicKeysFetcher implements PublicKeysFetcher {

  public static final String USER_AGENT = "rootkey-scanner-webhook";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The real document is a few hundred bytes; a bound keeps a misconfigured URL harmless. */
  static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private final HttpClient client;
  private final URI url;
  private final Optional<String> token;
  private final Duration timeout;

  /**
   * @param token a GitHub token: unauthenticated calls are limited to about 60 an hour per address
   */
  public HttpPublicKeysFetcher(
      HttpClient client, URI url, Optional<String> token, Duration timeout) {
    this.client = client;
    this.url = url;
    this.token = token.filter(t -> !t.isBlank());
    this.timeout = timeout;
  }

  @Override
  public String fetch() throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("User-Agent", USER_AGENT)
            .header("Accept", "application/json")
            .GET();
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("key set fetch from " + url + " answered " + response.statusCode());
      }
      byte[] document = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (document.length > MAX_DOCUMENT_BYTES) {
        throw new IOException("key set from " + url + " exceeds " + MAX_DOCUMENT_BYTES + " bytes");
      }
      return new String(document, StandardCharsets.UTF_8);
    }
  }
}
