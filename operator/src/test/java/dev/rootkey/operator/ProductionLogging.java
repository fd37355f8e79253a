package dev.rootkey.operator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * A service's own {@code logback.xml} in charge of logging while a test runs, and every line it
 * writes to stdout, exactly as a log pipeline reads the container's output. Public: the
 * scanner-webhook's and the sandbox's tests check their configurations the same way.
 */
public final class ProductionLogging implements AutoCloseable {

  private static final Pattern LINE_BREAK =
      Pattern.compile("\\r\\n|[\\n\\r\\x0b\\x0c\\x1c-\\x1e\\x85\\u2028\\u2029]");

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final PrintStream stdout = System.out;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  private ProductionLogging() {}

  /**
   * Replaces the test configuration with {@code logbackXml} and captures stdout until closed.
   *
   * @param logbackXml the service's configuration, e.g. {@code src/main/resources/logback.xml}
   */
  public static ProductionLogging start(Path logbackXml) throws JoranException {
    ProductionLogging logging = new ProductionLogging();
    // Console appenders write to whatever System.out is when they write.
    System.setOut(new PrintStream(logging.written, true, StandardCharsets.UTF_8));
    logging.context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging.context);
    configurator.doConfigure(logbackXml.toFile());
    return logging;
  }

  /**
   * Every line written to stdout so far, split at everything some line-based reader takes for a
   * line break: besides CR and LF, what Python's {@code splitlines} also splits at (VT, FF, FS, GS,
   * RS, NEL, U+2028, U+2029).
   */
  public List<String> lines() {
    return List.of(LINE_BREAK.split(written.toString(StandardCharsets.UTF_8)));
  }

  /** Back to the test configuration and the real stdout. */
  @Override
  public void close() throws JoranException {
    context.reset();
    new ContextInitializer(context).autoConfig();
    System.setOut(stdout);
  }
}
