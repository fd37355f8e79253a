package dev.rootkey.operator;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (servers, processes), closed after it, last first, whether it passed or not;
 * a field with {@code @RegisterExtension}. Shared through this module's test jar.
 */
public final class Cleanup implements AfterEachCallback {

  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  /** Closes {@code closeable} after the test, before whatever was pushed earlier. */
  public <T extends AutoCloseable> T push(T closeable) {
    started.push(closeable);
    return closeable;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    while (!started.isEmpty()) {
      started.pop().close();
    }
  }
}
