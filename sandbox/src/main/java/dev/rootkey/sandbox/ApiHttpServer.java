package dev.rootkey.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's API server over HTTP: what the Fabric8 mock web server does (each request answered
 * by the dispatcher, WebSocket watches for the Fabric8 client), plus the streamed watches kubectl
 * makes, which the mock web server cannot answer: it sends a whole body at once.
 */
final class ApiHttpServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private ApiHttpServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Listens on {@code address}:{@code port} (0: any free port). */
  static ApiHttpServer start(
      InetAddress address, int port, Dispatcher dispatcher, Watches watches) {
    Vertx vertx = Vertx.vertx();
    HttpServerRequestHandler answered =
        new HttpServerRequestHandler(vertx) {
          @Override
          protected MockResponse onHttpRequest(RecordedRequest request) {
            return dispatcher.dispatch(request);
          }
        };
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(address.getHostAddress())
                .setPort(port)
                .setWebSocketSubProtocols(
                    List.of(
                        "v1.channel.k8s.io",
                        "v2.channel.k8s.io",
                        "v3.channel.k8s.io",
                        "v4.channel.k8s.io"))
                .setHandle100ContinueAutomatically(true));
    server.requestHandler(
        request -> {
          if (isStreamedWatch(request)) {
            stream(vertx, request, watches);
          } else {
            answered.handle(request);
          }
        });
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
    return new ApiHttpServer(vertx, server);
  }

  int port() {
    return server.actualPort();
  }

  /** A watch over plain HTTP; the Fabric8 client asks for a WebSocket instead. */
  private static boolean isStreamedWatch(HttpServerRequest request) {
    return request.method() == HttpMethod.GET
        && Watches.isWatch(request.uri())
        && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private static void stream(Vertx vertx, HttpServerRequest request, Watches watches) {
    Context context = vertx.getOrCreateContext();
    HttpServerResponse response = request.response();
    String accept = request.getHeader("Accept");
    boolean table = accept != null && accept.contains("as=Table");
    Watches.Sink sink =
        new Watches.Sink() {
          @Override
          public void send(String line) {
            if (!response.ended() && !response.closed()) {
              response.write(line);
            }
          }

          @Override
          public void end() {
            if (!response.ended() && !response.closed()) {
              response.end();
            }
          }
        };
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
    Watches.Opened opened =
        watches.open(request.uri(), table, task -> context.runOnContext(v -> task.run()), sink);
    if (opened.refusal().isPresent()) {
      // Refused before any event was sent: an ordinary answer.
      MockResponse refusal = opened.refusal().get();
      response.setChunked(false).setStatusCode(refusal.code()).end(refusal.getBody().readUtf8());
      return;
    }
    if (!response.headWritten()) {
      response.writeHead(); // kubectl waits for the head before it watches
    }
    opened
        .subscription()
        .ifPresent(
            subscription -> {
              response.closeHandler(v -> subscription.close());
              String timeout = Requests.queryParameter(request.uri(), "timeoutSeconds");
              if (timeout != null && timeout.matches("[0-9]{1,9}") && !timeout.equals("0")) {
                vertx.setTimer(
                    TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)),
                    id -> {
                      subscription.close();
                      sink.end();
                    });
              }
            });
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the API server: " + e.getMessage(), e);
    }
  }
}
