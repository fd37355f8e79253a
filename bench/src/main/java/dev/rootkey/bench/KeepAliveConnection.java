package dev.rootkey.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One persistent HTTP/1.1 connection that sends a request and reads its whole answer before the
 * next (no pipelining), opening a new socket only when the server closed the last: what one slot of
 * a client's keep-alive pool does, at the cost of a write and a read per request.
 */
final class KeepAliveConnection implements AutoCloseable {

  private static final int MAX_LINE = 8_192;

  private final InetSocketAddress server;
  private final int readTimeoutMillis;
  private final AtomicInteger opened;
  private volatile Socket socket;
  private InputStream in;

  /** The answer bytes read and not yet parsed: {@code buffer[position..limit)}. */
  private final byte[] buffer = new byte[16_384];

  private int position;
  private int limit;
  private OutputStream out;
  private boolean reused;
  private boolean answering;
  private volatile boolean aborted;

  /** Counts each socket it opens in {@code opened}, shared by the connections of one pool. */
  KeepAliveConnection(InetSocketAddress server, int readTimeoutMillis, AtomicInteger opened) {
    this.server = server;
    this.readTimeoutMillis = readTimeoutMillis;
    this.opened = opened;
  }

  /** {@code body} as a complete HTTP/1.1 POST to {@code url}, keep-alive. */
  static byte[] post(URI url, String contentType, byte[] body) {
    byte[] head =
        ("POST "
                + url.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + url.getHost()
                + ":"
                + url.getPort()
                + "\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  /**
   * Sends {@code request} (from {@link #post}) and reads the answer: its status. A reused socket
   * the server closed while idle (its idle timeout) fails before any byte of an answer; then the
   * request goes once more on a new socket, as a client's pool retries a stale connection. No
   * answer within the read timeout is a {@link SocketTimeoutException}, and the socket is dropped.
   */
  int exchange(byte[] request) throws IOException {
    boolean stale = reused;
    try {
      return send(request);
    } catch (SocketTimeoutException noAnswerInTime) {
      close();
      throw noAnswerInTime;
    } catch (IOException closedWhileIdle) {
      close();
      if (!stale || answering || aborted) {
        throw closedWhileIdle;
      }
      return send(request);
    }
  }

  private int send(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    answering = false;
    out.write(request);
    out.flush();
    int status = readAnswer();
    reused = true;
    return status;
  }

  private void open() throws IOException {
    Socket opening = new Socket();
    try {
      opening.setTcpNoDelay(true);
      opening.setSoTimeout(readTimeoutMillis);
      opening.connect(server, readTimeoutMillis);
      in = opening.getInputStream();
      position = 0;
      limit = 0;
      out = opening.getOutputStream();
    } catch (IOException e) {
      opening.close();
      throw e;
    }
    socket = opening;
    reused = false;
    aborted = false;
    opened.incrementAndGet();
  }

  private int readAnswer() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line");
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closes = parts[0].equals("HTTP/1.0");
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" ->
            closes = value.contains("close") || !value.contains("keep-alive") && closes;
        default -> {
          // Other headers do not change how the body is framed.
        }
      }
    }
    if (chunked) {
      skipChunks();
    } else if (length >= 0) {
      skip(length);
    } else {
      // Neither length nor chunks: the body ends with the connection.
      while (fill() > 0) {
        position = limit;
      }
      closes = true;
    }
    if (closes) {
      close();
    }
    return status;
  }

  private void skipChunks() throws IOException {
    for (long size = Long.parseLong(chunkSize(readLine()), 16);
        size > 0;
        size = Long.parseLong(chunkSize(readLine()), 16)) {
      skip(size);
      readLine();
    }
    // Trailers, if any, up to the empty line that ends the message.
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      // Skipped.
    }
  }

  private static String chunkSize(String line) {
    int extension = line.indexOf(';');
    return (extension < 0 ? line : line.substring(0, extension)).trim();
  }

  /** A line of the answer without its CRLF. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = read(); c != '\n'; c = read()) {
      if (c < 0) {
        throw new EOFException("the connection ended before the answer did");
      }
      answering = true;
      if (line.length() == MAX_LINE) {
        throw new IOException("an answer line longer than " + MAX_LINE);
      }
      line.append((char) c);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  private int read() throws IOException {
    if (position == limit && fill() < 0) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  private void skip(long bytes) throws IOException {
    for (long left = bytes; left > 0; ) {
      if (position == limit && fill() < 0) {
        throw new EOFException("the connection ended inside a body");
      }
      int skipped = (int) Math.min(left, limit - position);
      position += skipped;
      left -= skipped;
    }
  }

  /** Reads what the socket has into the (consumed) buffer: the count, or -1 at its end. */
  private int fill() throws IOException {
    position = 0;
    limit = 0;
    int count = in.read(buffer);
    limit = Math.max(0, count);
    return count;
  }

  @Override
  public void close() {
    Socket closing = socket;
    socket = null;
    if (closing != null) {
      try {
        closing.close();
      } catch (IOException ignored) {
        // Closing is all that was asked; the socket is gone either way.
      }
    }
  }

  /**
   * Closes the socket from another thread, so that a read blocked on it ends at once and the
   * request it carried fails rather than going again on a new socket.
   */
  void abort() {
    aborted = true;
    Socket closing = socket;
    if (closing != null) {
      try {
        closing.close();
      } catch (IOException ignored) {
        // As in close().
      }
    }
  }
}
