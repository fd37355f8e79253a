package dev.rootkey.webhook.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * How much of a request body a server reads and for how long, applied to a whole Javalin server so
 * that every route, including routes added later, is covered.
 *
 * <p>A body over {@code maxBodyBytes} is refused with 413 while it is read: a Content-Length over
 * the limit before any byte (Javalin's own check), a chunked or lying body as soon as the byte past
 * the limit arrives, so no handler ever buffers more. A body that does not arrive is refused with
 * 408: each wait for more bytes lasts at most {@code readTimeout} (Jetty's idle timeout while a
 * request is handled), and the whole body must arrive within {@code readTimeout} of the handler's
 * first read, so a client trickling one byte at a time cannot hold a worker either. A slow client
 * therefore holds one worker for at most twice {@code readTimeout}; Jetty parses request headers
 * without a worker, so only a handler waiting for a body ever holds one.
 *
 * @param maxBodyBytes the largest body read, in bytes
 * @param readTimeout how long a request body may take to arrive
 */
public record RequestLimits(long maxBodyBytes, Duration readTimeout) {

  public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  public RequestLimits {
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, not " + maxBodyBytes);
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive, not " + readTimeout);
    }
  }

  /**
   * A request's body, within these limits. One with a declared length is read into an array of
   * exactly that length (Javalin's own read copies it through two 8 KiB buffers, a cost a small
   * verification request pays on every call); one without, or declaring more than the limit, is
   * read by Javalin, which refuses the latter with 413 before reading anything.
   */
  public byte[] body(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared < 0 || declared > Math.min(maxBodyBytes, Integer.MAX_VALUE - 8)) {
      return ctx.bodyAsBytes();
    }
    return ctx.req().getInputStream().readNBytes((int) declared);
  }

  /** Sets these limits on a server being configured, before it starts. */
  public void applyTo(JavalinConfig config) {
    // Refuses a declared Content-Length over the limit before reading anything.
    config.http.maxRequestSize = maxBodyBytes;
    // Jetty's idle timeout while a request is handled: a blocked read ends after readTimeout
    // (the connector's own timeout still governs idle keep-alive connections).
    config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(readTimeout.toMillis()));
    // Javalin answers a read that timed out with this status, and logs it at debug only.
    config.jetty.timeoutStatus = HttpStatus.REQUEST_TIMEOUT.getCode();
    config.jetty.modifyServletContextHandler(
        context ->
            context.addFilter(
                new FilterHolder(
                    new BoundedBodyFilter(maxBodyBytes, readTimeout, System::nanoTime)),
                "/*",
                EnumSet.of(DispatcherType.REQUEST)));
  }
}
