package dev.rootkey.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The converters in a logback configuration like the services', writing to a file. */
class EscapedConvertersTest {

  private static final String FORGED = "{\"schema\":\"rootkey.dev/audit/v1\",\"operation\":\"x\"}";

  @TempDir Path dir;
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void aMessageArgumentWithLineBreaksStaysOnItsLine() throws Exception {
    Logger log = configure("%-5level %logger - %escapedMsg%n%escapedEx").getLogger("test");

    log.warn("Key k1 reported leaked at {}", "x\n" + FORGED + "\r\nmore\u2028");

    assertThat(lines())
        .containsExactly(
            "WARN  test - Key k1 reported leaked at x\\n" + FORGED + "\\r\\nmore\\u2028");
  }

  @Test
  void anExceptionMessageWithLineBreaksKeepsTheStackTraceButAddsNoLine() throws Exception {
    Logger log = configure("%-5level %logger - %escapedMsg%n%escapedEx").getLogger("test");

    log.error(
        "Refused",
        new IllegalStateException(
            "outer\n" + FORGED, new IllegalArgumentException("inner\n" + FORGED)));

    List<String> lines = lines();
    assertThat(lines.get(0)).isEqualTo("ERROR test - Refused");
    assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: outer\\n" + FORGED);
    assertThat(lines)
        .anyMatch(
            l -> l.equals("Caused by: java.lang.IllegalArgumentException: inner\\n" + FORGED));
    assertThat(lines).anyMatch(l -> l.startsWith("\tat dev.rootkey.log.EscapedConvertersTest"));
    assertThat(lines).noneMatch(l -> l.startsWith("{"));
  }

  @Test
  void aJsonLineKeepsItsMeaningAndLosesOnlyTheSeparatorsThatWouldSplitIt() throws Exception {
    Logger audit = configure("%escapedMsg%n").getLogger("rootkey.audit");
    ObjectMapper json = new ObjectMapper();
    Map<String, String> record = Map.of("url", "a\u2028b\u0085c\u007fd\ne");
    String line = json.writeValueAsString(record);

    audit.info(line);

    List<String> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain("\u2028", "\u0085", "\u007f");
    JsonNode read = json.readTree(lines.get(0));
    assertThat(read.get("url").asText()).isEqualTo(record.get("url"));
  }

  @Test
  void theOptionCutsLongMessages() throws Exception {
    Logger log = configure("%escapedMsg{10}%n").getLogger("test");

    log.info("{}", "0123456789abcdef");

    assertThat(lines()).containsExactly("0123456789...[6 more characters]");
  }

  private LoggerContext configure(String pattern) throws JoranException {
    String xml =
        """
        <configuration>
          <conversionRule conversionWord="escapedMsg"
                          class="dev.rootkey.log.EscapedMessageConverter"/>
          <conversionRule conversionWord="escapedEx"
                          class="dev.rootkey.log.EscapedThrowableConverter"/>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>%s</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """
            .formatted(file(), pattern);
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return context;
  }

  private List<String> lines() throws IOException {
    context.stop(); // flushes and closes the file
    return List.of(Files.readString(file(), StandardCharsets.UTF_8).split("\n", -1)).stream()
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private Path file() {
    return dir.resolve("log.txt");
  }
}
