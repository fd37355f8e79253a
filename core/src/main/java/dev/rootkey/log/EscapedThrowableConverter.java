package dev.rootkey.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %ex} with each exception's message escaped by {@link LogText}: a stack trace keeps its
 * lines, but a message quoting a request cannot add one of its own.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {

  /** Messages past this are cut: a stack trace is for finding the code, not the input. */
  private static final int MAX_MESSAGE_CHARS = 2000;

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return super.throwableProxyToString(new Escaped(throwable));
  }

  /** The same throwable, its messages escaped all the way down its causes. */
  private record Escaped(IThrowableProxy throwable) implements IThrowableProxy {

    @Override
    public String getMessage() {
      String message = throwable.getMessage();
      return message == null ? null : LogText.escape(message, MAX_MESSAGE_CHARS);
    }

    @Override
    public String getOverridingMessage() {
      String message = throwable.getOverridingMessage();
      return message == null ? null : LogText.escape(message, MAX_MESSAGE_CHARS);
    }

    @Override
    public String getClassName() {
      return throwable.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return throwable.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return throwable.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      return throwable.getCause() == null ? null : new Escaped(throwable.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = throwable.getSuppressed();
      if (suppressed == null) {
        return null;
      }
      IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
      for (int i = 0; i < suppressed.length; i++) {
        escaped[i] = new Escaped(suppressed[i]);
      }
      return escaped;
    }

    @Override
    public boolean isCyclic() {
      return throwable.isCyclic();
    }
  }
}
