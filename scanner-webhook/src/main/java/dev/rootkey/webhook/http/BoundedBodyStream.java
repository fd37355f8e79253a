package dev.rootkey.webhook.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.RequestTimeoutResponse;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.EofException;

/**
 * A request body read within a byte and a time budget: the read that would go past either throws
 * the HTTP answer (413 or 408) instead, so nothing past the budget is ever buffered or waited for.
 */
final class BoundedBodyStream extends ServletInputStream {

  private final ServletInputStream body;
  private final long maxBytes;
  private final long readTimeoutNanos;
  private final LongSupplier nanoTime;
  private long startedAt;
  private boolean started;
  private long read;

  BoundedBodyStream(
      ServletInputStream body, long maxBytes, Duration readTimeout, LongSupplier nanoTime) {
    this.body = body;
    this.maxBytes = maxBytes;
    this.readTimeoutNanos = readTimeout.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public int read() throws IOException {
    checkTime();
    int b = parsed(body::read);
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    checkTime();
    // Never asks for more than one byte past the limit: that byte is enough to refuse.
    int n = parsed(() -> body.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1)));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public boolean isFinished() {
    return body.isFinished();
  }

  @Override
  public boolean isReady() {
    return body.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.setReadListener(listener);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  /** One read of the underlying body. */
  private interface Read {
    int read() throws IOException;
  }

  /**
   * A body Jetty could not parse (a malformed chunk, say), which it reports as an early end of the
   * body, is the client's error: answered 400, not the 500 of an unknown exception. (A client that
   * really went away never sees the answer.) Other read failures pass as they are.
   */
  private static int parsed(Read read) throws IOException {
    try {
      return read.read();
    } catch (EofException e) {
      throw new BadRequestResponse("request body is malformed or ended early");
    }
  }

  private void count(int n) {
    read += n;
    if (read > maxBytes) {
      throw new ContentTooLargeResponse("request body is larger than " + maxBytes + " bytes");
    }
  }

  /** The clock starts at the first read: a handler may look at headers before it reads. */
  private void checkTime() {
    long now = nanoTime.getAsLong();
    if (!started) {
      started = true;
      startedAt = now;
    } else if (now - startedAt > readTimeoutNanos) {
      throw new RequestTimeoutResponse(
          "request body did not arrive within " + readTimeoutNanos / 1_000_000 + " ms");
    }
  }
}
