package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The harness's HTTP/1.1 client against canned answers on a real socket. */
class KeepAliveConnectionTest {

  private static final String CHUNKED_THEN_CLOSE =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n";
  private static final String KEEP_ALIVE_THEN_DROPPED =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  @Test
  void readsAChunkedAnswerAndOpensANewSocketAfterTheServerSaidClose() throws Exception {
    try (CannedServer server = new CannedServer(CHUNKED_THEN_CLOSE)) {
      AtomicInteger opened = new AtomicInteger();
      try (KeepAliveConnection connection = server.connection(opened)) {
        assertThat(connection.exchange(server.request())).isEqualTo(200);
        assertThat(connection.exchange(server.request())).isEqualTo(200);
      }
      assertThat(opened).hasValue(2);
      assertThat(server.answered).hasValue(2);
    }
  }

  @Test
  void sendsOnceMoreOnANewSocketWhenTheServerDroppedAnIdleOne() throws Exception {
    // The server closes each connection after its answer without saying so, as an idle timeout
    // does: the second request finds the kept socket closed before any answer.
    try (CannedServer server = new CannedServer(KEEP_ALIVE_THEN_DROPPED)) {
      AtomicInteger opened = new AtomicInteger();
      try (KeepAliveConnection connection = server.connection(opened)) {
        assertThat(connection.exchange(server.request())).isEqualTo(200);
        assertThat(connection.exchange(server.request())).isEqualTo(200);
      }
      assertThat(opened).hasValue(2);
      assertThat(server.answered).hasValue(2);
    }
  }

  /** Answers one request per connection with a canned answer, then closes the connection. */
  private static final class CannedServer implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] answer;
    private final AtomicInteger answered = new AtomicInteger();

    CannedServer(String answer) throws IOException {
      this.answer = answer.getBytes(StandardCharsets.US_ASCII);
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread thread = new Thread(this::serve, "canned-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          InputStream in = new BufferedInputStream(socket.getInputStream());
          in.skipNBytes(ControlHttpServer.readHead(in));
          // Counted before the answer leaves: once the client has it, the count includes it.
          answered.incrementAndGet();
          socket.getOutputStream().write(answer);
          socket.getOutputStream().flush();
        } catch (IOException closed) {
          return;
        }
      }
    }

    KeepAliveConnection connection(AtomicInteger opened) {
      return new KeepAliveConnection(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
          10_000,
          opened);
    }

    byte[] request() {
      return KeepAliveConnection.post(
          URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"),
          "application/json",
          "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
