package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.audit.AuditRecord.Actor;
import dev.rootkey.audit.AuditRecord.RootKeyRef;
import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.audit.JsonLinesAuditTrail;
import dev.rootkey.operator.ProductionLogging;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The sandbox's logback.xml: what it prints when a message or an audit record holds a newline. */
class SandboxLogLinesTest {

  private static final String FORGED =
      "{\"schema\":\"rootkey.dev/audit/v1\",\"operation\":\"key.revoked\","
          + "\"actor\":{\"username\":\"mallory\"}}";

  @Test
  void messagesAndExceptionsStayOnTheirLinesAndAuditRecordsStayJson() throws Exception {
    String url = " https://x\n" + FORGED + "\u2028";
    List<String> lines;
    try (ProductionLogging logging =
        ProductionLogging.start(Path.of("src/main/resources/logback.xml"))) {
      LoggerFactory.getLogger("dev.rootkey.webhook.PartnerAlertEndpoint")
          .warn("Key k1 of RootKey payments/billing reported leaked at {}", url);
      LoggerFactory.getLogger("dev.rootkey.sandbox.Sandbox")
          .error("Could not apply", new IllegalArgumentException("bad field\n" + FORGED));
      new JsonLinesAuditTrail()
          .record(
              AuditRecord.builder(
                      AuditOperation.LEAK_REPORTED,
                      Instant.parse("2026-12-05T10:00:00Z"),
                      new RootKeyRef("payments", "billing"))
                  .actor(Actor.github("github-secret-scanning"))
                  .source(Source.thisHost("scanner-webhook"))
                  .detail("url", url)
                  .build());
      lines = logging.lines();
    }

    assertThat(lines).noneMatch(l -> l.startsWith("{") && l.contains("mallory\"}}"));
    assertThat(lines)
        .anyMatch(l -> l.endsWith("reported leaked at  https://x\\n" + FORGED + "\\u2028"));
    assertThat(lines)
        .anyMatch(l -> l.equals("java.lang.IllegalArgumentException: bad field\\n" + FORGED));
    List<String> audit = lines.stream().filter(l -> l.startsWith("{\"schema\"")).toList();
    assertThat(audit).hasSize(1);
    assertThat(new ObjectMapper().readTree(audit.get(0)).at("/details/url").asText())
        .isEqualTo(url);
  }
}
