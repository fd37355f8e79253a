package dev.rootkey.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A control HTTP/1.1 server on 127.0.0.1 that answers every request at once with a constant 200, a
 * thread per connection, counting connections and requests; optionally it stalls once, on the first
 * request it reads, and answers nothing at all until the stall is over.
 */
final class ControlHttpServer implements AutoCloseable {

  private static final String BODY = "{\"valid\":true}";
  private static final byte[] ANSWER =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
              + BODY.length()
              + "\r\n\r\n"
              + BODY)
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final Duration stall;
  private final Object answering = new Object();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private boolean stalled;

  private ControlHttpServer(Duration stall) throws IOException {
    this.stall = stall;
    server = new ServerSocket(0, 1_024, InetAddress.getLoopbackAddress());
    daemon(this::accept, "control-accept").start();
  }

  static ControlHttpServer answeringAtOnce() throws IOException {
    return new ControlHttpServer(Duration.ZERO);
  }

  static ControlHttpServer stallingOnceFor(Duration stall) throws IOException {
    return new ControlHttpServer(stall);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/keys.verifyKey");
  }

  int connectionsAccepted() {
    return connections.get();
  }

  int requestsAnswered() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        connections.incrementAndGet();
        daemon(() -> serve(socket), "control-connection").start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (long length = readHead(in); length >= 0; length = readHead(in)) {
        in.skipNBytes(length);
        pass();
        // Counted before the answer leaves: once the client has it, the count includes it.
        requests.incrementAndGet();
        out.write(ANSWER);
        out.flush();
      }
    } catch (IOException | InterruptedException ended) {
      // The client or close() ended the connection.
    }
  }

  /** Every answer passes here: the first to come holds all the others for the stall. */
  private void pass() throws InterruptedException {
    synchronized (answering) {
      if (!stalled) {
        stalled = true;
        // The stall being simulated: the server does nothing for this long.
        Thread.sleep(stall.toMillis());
      }
    }
  }

  /** Reads a request's head: its Content-Length, or -1 at the end of the connection. */
  static long readHead(InputStream in) throws IOException {
    long length = 0;
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      String header = line.toString().trim().toLowerCase(Locale.ROOT);
      if (header.isEmpty()) {
        return length;
      }
      if (header.startsWith("content-length:")) {
        length = Long.parseLong(header.substring("content-length:".length()).trim());
      }
      line.setLength(0);
    }
    return -1;
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
