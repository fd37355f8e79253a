package dev.rootkey.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HttpResponseException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedBodyStreamTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void aBodyOfExactlyTheLimitIsReadWhole() throws Exception {
    assertThat(bounded(100, 100).readAllBytes()).hasSize(100);
  }

  @Test
  void theByteAfterTheLimitIsRefusedWith413() {
    assertThatThrownBy(() -> bounded(101, 100).readAllBytes())
        .isInstanceOfSatisfying(
            HttpResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(413));
  }

  @Test
  void aReadPastTheReadTimeoutSinceTheFirstIsRefusedWith408() throws Exception {
    nanos.set(-5); // any starting point: only differences count
    BoundedBodyStream body = bounded(100, 100);
    body.read(new byte[10]);
    nanos.addAndGet(TIMEOUT.toNanos());
    body.read(new byte[10]);
    nanos.incrementAndGet();

    assertThatThrownBy(() -> body.read(new byte[10]))
        .isInstanceOfSatisfying(
            HttpResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(408));
  }

  @Test
  void theTimeStartsAtTheFirstRead() throws Exception {
    BoundedBodyStream body = bounded(100, 100);
    nanos.addAndGet(TIMEOUT.toNanos() * 10);

    assertThat(body.readAllBytes()).hasSize(100);
  }

  @Test
  void anEmptyReadReadsNothing() throws Exception {
    assertThat(bounded(10, 5).read(new byte[10], 0, 0)).isZero();
  }

  private BoundedBodyStream bounded(int bodyBytes, long maxBytes) {
    return new BoundedBodyStream(body(new byte[bodyBytes]), maxBytes, TIMEOUT, nanos::get);
  }

  private static ServletInputStream body(byte[] bytes) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        return in.read(buffer, offset, length);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
