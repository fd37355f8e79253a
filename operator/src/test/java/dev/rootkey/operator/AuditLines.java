package dev.rootkey.operator;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.audit.JsonLinesAuditTrail;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines written on the audit logger while a test runs, exactly as a log pipeline receives them.
 * Public: the scanner-webhook's end-to-end tests read the audit trail the same way.
 */
public final class AuditLines implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger logger = (Logger) LoggerFactory.getLogger(JsonLinesAuditTrail.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private AuditLines() {}

  /** Starts capturing; close to stop. */
  public static AuditLines capture() {
    AuditLines lines = new AuditLines();
    lines.appender.start();
    lines.logger.addAppender(lines.appender);
    return lines;
  }

  /** Every line so far, as written. */
  public List<String> raw() {
    // The appender adds under its own lock (AppenderBase.doAppend is synchronized), not the list's.
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** Every record so far, parsed: each line must be one JSON object. */
  public List<JsonNode> records() {
    return raw().stream().map(AuditLines::parse).toList();
  }

  /** The records of one RootKey, oldest first. */
  public List<JsonNode> of(String namespace, String name) {
    return records().stream()
        .filter(r -> namespace.equals(r.path("rootKey").path("namespace").asText()))
        .filter(r -> name.equals(r.path("rootKey").path("name").asText()))
        .toList();
  }

  /** The operations recorded for one RootKey, oldest first. */
  public List<String> operations(String namespace, String name) {
    return of(namespace, name).stream().map(r -> r.path("operation").asText()).toList();
  }

  /** Each record of one RootKey as "operation by username", oldest first. */
  public List<String> whoDidWhat(String namespace, String name) {
    return of(namespace, name).stream()
        .map(r -> r.path("operation").asText() + " by " + r.path("actor").path("username").asText())
        .toList();
  }

  /** Waits until one RootKey has at least {@code count} records. */
  public void awaitAtLeast(String namespace, String name, int count, Duration timeout) {
    await().atMost(timeout).until(() -> of(namespace, name).size() >= count);
  }

  /** The strings of a JSON array in a record, e.g. {@code details.fields} or {@code groups}. */
  public static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (!node.isObject()) {
        throw new IllegalStateException("audit line is not a JSON object: " + line);
      }
      return node;
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("audit line is not JSON: " + line, e);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
