package dev.rootkey.helm.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a key-set document over plain HTTP from the test JVM on the node's address, where the
 * webhook's pods reach it: GitHub's key endpoint for an air-gapped install (github.keysUrl).
 */
final class KeySetServer implements AutoCloseable {

  private static final String PATH = "/meta/public_keys/secret_scanning";

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();

  private KeySetServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code document} at {@link #url()} on a free port of {@code address}. */
  static KeySetServer start(String address, String document) {
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
      KeySetServer keySet = new KeySetServer(server);
      server.createContext(
          PATH,
          exchange -> {
            keySet.fetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return keySet;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    InetSocketAddress bound = server.getAddress();
    return URI.create(
        "http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + PATH);
  }

  /** How often the document was fetched: the webhook did come for it. */
  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
