package dev.rootkey.webhook.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Hands every request on with its body readable only through a {@link BoundedBodyStream}. */
final class BoundedBodyFilter implements Filter {

  private final long maxBytes;
  private final Duration readTimeout;
  private final LongSupplier nanoTime;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, as {@link System#nanoTime()}
   */
  BoundedBodyFilter(long maxBytes, Duration readTimeout, LongSupplier nanoTime) {
    this.maxBytes = maxBytes;
    this.readTimeout = readTimeout;
    this.nanoTime = nanoTime;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(new BoundedRequest((HttpServletRequest) request), response);
  }

  /** The request with its body stream and reader bounded. */
  private final class BoundedRequest extends HttpServletRequestWrapper {

    private BoundedBodyStream body;

    BoundedRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (body == null) {
        body = new BoundedBodyStream(super.getInputStream(), maxBytes, readTimeout, nanoTime);
      }
      return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
