package dev.rootkey.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The operator's HTTP port: {@code /healthz} and {@code /readyz} for the kubelet's probes (200
 * while every informer is healthy; a standby replica waiting for the lease is healthy too) and
 * {@code /metrics} for Prometheus.
 */
public final class OperatorHttpServer implements AutoCloseable {

  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  public static OperatorHttpServer start(
      InetSocketAddress address, Operator operator, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/healthz", exchange -> health(exchange, operator));
    server.createContext("/readyz", exchange -> health(exchange, operator));
    server.createContext(
        "/metrics",
        exchange ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.start();
    return new OperatorHttpServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange exchange, Operator operator) throws IOException {
    var runtime = operator.getRuntimeInfo();
    if (runtime.isStarted() && runtime.allEventSourcesAreHealthy()) {
      send(exchange, 200, "text/plain", "ok\n");
    } else {
      send(exchange, 503, "text/plain", "unhealthy: " + runtime.unhealthyEventSources() + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
