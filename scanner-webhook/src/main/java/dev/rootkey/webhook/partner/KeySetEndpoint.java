package dev.rootkey.webhook.partner;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Serves a key-set document on 127.0.0.1, in the place of GitHub's secret-scanning keys endpoint,
 * for whatever stands in for GitHub where there is none (the sandbox, the benchmarks, tests).
 */
public final class KeySetEndpoint implements AutoCloseable {

  /** The path GitHub serves its keys at, kept so URLs read the same. */
  public static final String PATH = "/meta/public_keys/secret_scanning";

  private final HttpServer server;

  private KeySetEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code keySetDocument} (see {@link KeySetDocument}) on a free port. */
  public static KeySetEndpoint serve(String keySetDocument) throws IOException {
    byte[] body = keySetDocument.getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        PATH,
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new KeySetEndpoint(server);
  }

  /** Where the webhook fetches the keys: {@code GITHUB_KEYS_URL}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
