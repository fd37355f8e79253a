package dev.rootkey.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.audit.AuditRecord.Actor;
import dev.rootkey.audit.AuditRecord.RootKeyRef;
import dev.rootkey.audit.AuditRecord.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  private static final String HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void aRecordIsOneLineOfJsonInTheDocumentedShape() throws Exception {
    AuditRecord record =
        AuditRecord.builder(
                AuditOperation.KEY_ROTATED,
                Instant.parse("2026-11-22T10:00:00Z"),
                new RootKeyRef("payments", "billing"))
            .key("key-0123456789abcdef", HASH)
            .actor(Actor.kubernetes("alice@example.com", "u-1", List.of("platform")))
            .source(Source.of("rootkey-operator", "rootkey-operator-5d9c"))
            .detail("trigger", "Manual")
            .detail("gracePeriod", "1h")
            .detail("replacedKeyValidUntil", null)
            .build();

    String line = JsonLinesAuditTrail.toJson(record);

    assertThat(line).doesNotContain("\n").startsWith("{\"schema\":\"rootkey.dev/audit/v1\"");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("time").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(json.path("operation").asText()).isEqualTo("key.rotated");
    assertThat(json.path("rootKey").path("namespace").asText()).isEqualTo("payments");
    assertThat(json.path("key").path("id").asText()).isEqualTo("key-0123456789abcdef");
    assertThat(json.path("key").path("hashPrefix").asText()).isEqualTo("9f86d081884c");
    assertThat(json.path("actor").path("type").asText()).isEqualTo("user");
    assertThat(json.path("actor").path("groups").get(0).asText()).isEqualTo("platform");
    assertThat(json.path("source").path("host").asText()).isEqualTo("rootkey-operator-5d9c");
    assertThat(json.path("source").has("remoteAddress")).isFalse();
    assertThat(json.path("details").path("trigger").asText()).isEqualTo("Manual");
    assertThat(json.path("details").has("replacedKeyValidUntil")).isFalse();
  }

  @Test
  void serviceAccountsAreToldApartFromPeople() {
    assertThat(Actor.kubernetes("system:serviceaccount:ci:deployer").type())
        .isEqualTo("serviceaccount");
    assertThat(Actor.kubernetes("bob").type()).isEqualTo("user");
  }

  @Test
  void aRecordWithoutAKeyLeavesTheKeyOut() throws Exception {
    AuditRecord record =
        AuditRecord.builder(
                AuditOperation.ROOTKEY_DELETED,
                Instant.parse("2026-11-22T10:00:00Z"),
                new RootKeyRef("payments", "billing"))
            .actor(Actor.kubernetes("bob"))
            .source(Source.of("scanner-webhook", "w-1").withRequestUid("req-1"))
            .build();

    JsonNode json = new ObjectMapper().readTree(JsonLinesAuditTrail.toJson(record));

    assertThat(json.has("key")).isFalse();
    assertThat(json.has("details")).isFalse();
    assertThat(json.path("operation").asText()).isEqualTo("rootkey.deleted");
    assertThat(json.path("source").path("requestUid").asText()).isEqualTo("req-1");
  }
}
