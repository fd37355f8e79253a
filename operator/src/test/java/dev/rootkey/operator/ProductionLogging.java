package dev.rootkey.operator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * A service's own {@code logback.xml} in charge of logging while a test runs, and every line it
 * writes to stdout, exactly as a log pipeline reads the container's output. Public: the
 * scanner-webhook's and the sandbox's tests check their configurations the same way.
 */
public final class ProductionLogging implements AutoCloseable {

  /** What someone who controls a url or a field name would like the audit trail to say. */
  public static final String FORGED_AUDIT_RECORD =
      "{\"schema\":\"rootkey.dev/audit/v1\",\"time\":\"2026-12-01T00:00:00Z\","
          + "\"operation\":\"key.revoked\",\"rootKey\":{\"namespace\":\"payments\",\"name\":"
          + "\"billing\"},\"actor\":{\"type\":\"user\",\"username\":\"mallory\"}}";

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** Every stdout line so far that a pipeline would take for an audit record. */
  public List<JsonNode> auditRecords() {
    return lines().stream()
        .map(ProductionLogging::jsonObject)
        .flatMap(Optional::stream)
        .filter(node -> AuditRecord.SCHEMA.equals(node.path("schema").asText()))
        .toList();
  }

  private static Optional<JsonNode> jsonObject(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Back to the test configuration and the real stdout. */
  @Override
  public void close() throws JoranException {
    context.reset();
    new ContextInitializer(context).autoConfig();
    System.setOut(stdout);
  }
}
