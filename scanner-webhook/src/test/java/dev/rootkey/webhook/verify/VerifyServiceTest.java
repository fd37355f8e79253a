package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.testing.TestingClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifyServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private final ObjectMapper json = new ObjectMapper();
  private final TestingKeyIndex index = new TestingKeyIndex();
  private final VerificationCounts counts = new VerificationCounts();
  private final AtomicInteger requests = new AtomicInteger();
  private final VerifyService service =
      new VerifyService(
          new VerifyRequestParser(),
          new KeyVerifier(index, new TestingClock(NOW), counts),
          TrustedProxies.parse("10.0.0.0/8"),
          counts,
          () -> "req_" + requests.incrementAndGet());

  @Test
  void aValidKeyIsAnsweredInUnkeysV2Envelope() throws Exception {
    TestingRootKeys billing =
        new TestingRootKeys("billing-service", "api.*.verify_key", "ratelimit.read")
            .expiring(Instant.parse("2026-11-22T13:00:00Z"));
    index.put(billing.rootKey);

    VerifyReply reply =
        handle(
            "{\"key\": \"" + billing.token() + "\", \"permissions\": [\"api.x.verify_key\"]}",
            "203.0.113.9",
            List.of());

    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = json.valueToTree(reply.body());
    assertThat(fieldNames(body)).containsExactly("meta", "data");
    assertThat(body.at("/meta/requestId").asText()).isEqualTo("req_1");
    JsonNode data = body.get("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "valid",
            "code",
            "keyId",
            "name",
            "enabled",
            "permissions",
            "expires",
            "rootKey",
            "expiresAt");
    assertThat(data.get("valid").isBoolean()).isTrue();
    assertThat(data.get("valid").booleanValue()).isTrue();
    assertThat(data.get("code").asText()).isEqualTo("VALID");
    assertThat(data.get("keyId").asText()).isEqualTo(billing.key.id());
    assertThat(fieldNames(data.get("rootKey"))).containsExactly("namespace", "name");
    assertThat(data.at("/rootKey/namespace").asText()).isEqualTo("payments");
    assertThat(data.at("/rootKey/name").asText()).isEqualTo("billing-service");
    assertThat(json.convertValue(data.get("permissions"), List.class))
        .containsExactly("api.*.verify_key", "ratelimit.read");
    assertThat(data.get("expiresAt").asText()).isEqualTo("2026-11-22T13:00:00Z");
    assertThat(data.get("expires").longValue())
        .isEqualTo(Instant.parse("2026-11-22T13:00:00Z").toEpochMilli());
    assertThat(data.get("name").asText()).isEqualTo("billing-service");
    assertThat(data.get("enabled").booleanValue()).isTrue();
  }

  @Test
  void theNameIsTheRootKeysDisplayNameAndARevokedKeyIsNotEnabled() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "a").state(KeyState.Revoked);
    billing.rootKey.getSpec().setDisplayName("Billing production");
    index.put(billing.rootKey);

    JsonNode data = data(handle("{\"key\": \"" + billing.token() + "\"}", "203.0.113.9"));

    assertThat(data.get("code").asText()).isEqualTo("REVOKED");
    assertThat(data.get("name").asText()).isEqualTo("Billing production");
    assertThat(data.get("enabled").booleanValue()).isFalse();
  }

  @Test
  void aPermissionQueryIsJudgedWithWildcardGrants() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "api.*.verify_key", "ratelimit.read");
    index.put(billing.rootKey);

    assertThat(code(handle(query(billing, "api.payments.verify_key"), "203.0.113.9")))
        .isEqualTo("VALID");
    assertThat(
            code(
                handle(
                    query(billing, "admin.all OR (ratelimit.read and api.x.verify_key)"),
                    "203.0.113.9")))
        .isEqualTo("VALID");
    assertThat(code(handle(query(billing, "api.x.verify_key AND ratelimit.write"), "203.0.113.9")))
        .isEqualTo("INSUFFICIENT_PERMISSIONS");
  }

  @Test
  void aMalformedQueryIsA400InUnkeysShapeWithPositionAndHint() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "a");
    index.put(billing.rootKey);

    VerifyReply reply = handle(query(billing, "a AND"), "203.0.113.9");

    assertThat(reply.status()).isEqualTo(400);
    JsonNode error = json.<JsonNode>valueToTree(reply.body()).get("error");
    assertThat(error.get("detail").asText())
        .isEqualTo(
            "Unexpected end of query. Expected a permission identifier or opening parenthesis.");
    assertThat(error.get("errors")).hasSize(1);
    assertThat(error.at("/errors/0/location").asText()).isEqualTo("body.permissions");
    assertThat(error.at("/errors/0/message").asText())
        .isEqualTo("unexpected end of query at position 5");
    assertThat(error.at("/errors/0/fix").asText()).isNotBlank();
    assertThat(counts.snapshot().values()).allMatch(count -> count == 0);
  }

  @Test
  void whoamiTellsTheHolderAboutItsKeyInUnkeysShapeAndCountsNothing() throws Exception {
    TestingRootKeys billing =
        new TestingRootKeys("billing", "api.*.verify_key")
            .expiring(Instant.parse("2026-11-22T13:00:00Z"));
    index.put(billing.rootKey);

    VerifyReply reply = whoami("{\"key\": \"" + billing.token() + "\"}", "203.0.113.9");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = json.valueToTree(reply.body());
    assertThat(body.at("/meta/requestId").asText()).isEqualTo("req_1");
    JsonNode data = body.get("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "keyId", "start", "enabled", "name", "createdAt", "expires", "permissions", "rootKey");
    assertThat(data.get("keyId").asText()).isEqualTo(billing.key.id());
    assertThat(data.get("start").asText()).isEqualTo(billing.key.start());
    assertThat(data.get("createdAt").longValue())
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());
    assertThat(data.get("expires").longValue())
        .isEqualTo(Instant.parse("2026-11-22T13:00:00Z").toEpochMilli());
    assertThat(data.at("/rootKey/name").asText()).isEqualTo("billing");
    assertThat(counts.snapshot().values()).allMatch(count -> count == 0);
  }

  @Test
  void whoamiAnswersNotFoundForUnknownRevokedAndForbiddenKeysAlike() throws Exception {
    TestingRootKeys revoked = new TestingRootKeys("revoked", "a").state(KeyState.Revoked);
    TestingRootKeys office = new TestingRootKeys("office", "a").allowedCidrs("192.0.2.0/24");
    TestingRootKeys expired = new TestingRootKeys("expired", "a").expiring(NOW);
    List.of(revoked, office, expired).forEach(r -> index.put(r.rootKey));

    for (String key :
        List.of(revoked.token(), office.token(), "rk_nothing", new TestingRootKeys("x").token())) {
      VerifyReply reply = whoami("{\"key\": \"" + key + "\"}", "203.0.113.9");
      assertThat(reply.status()).isEqualTo(404);
      assertThat(json.writeValueAsString(reply.body()))
          .isEqualTo(
              "{\"meta\":{\"requestId\":\""
                  + reply.body().meta().requestId()
                  + "\"},\"error\":{\"title\":\"Not Found\",\"detail\":\"We could not find the"
                  + " requested key.\",\"status\":404,\"type\":\"about:blank\"}}");
    }
    assertThat(whoami("{\"key\": \"" + office.token() + "\"}", "192.0.2.7").status())
        .isEqualTo(200);
    // An expired key is still its holder's to read about, as Unkey's whoami answers for one.
    assertThat(whoami("{\"key\": \"" + expired.token() + "\"}", "203.0.113.9").status())
        .isEqualTo(200);
    assertThat(whoami("{\"key\": 1}", "203.0.113.9").status()).isEqualTo(400);
  }

  @Test
  void aKeyWithoutExpiryHasNoExpiresAtField() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "a");
    index.put(billing.rootKey);

    JsonNode data = data(handle("{\"key\": \"" + billing.token() + "\"}", "203.0.113.9"));

    assertThat(fieldNames(data))
        .containsExactly("valid", "code", "keyId", "name", "enabled", "permissions", "rootKey");
  }

  @Test
  void notFoundIsA200WithOnlyValidAndCode() throws Exception {
    VerifyReply reply = handle("{\"key\": \"rk_nothing\"}", "203.0.113.9");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = json.valueToTree(reply.body());
    assertThat(fieldNames(body)).containsExactly("meta", "data");
    assertThat(fieldNames(body.get("data"))).containsExactly("valid", "code");
    assertThat(body.at("/data/valid").booleanValue()).isFalse();
    assertThat(body.at("/data/code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void everyFailedVerdictIsStillA200WithItsCode() throws Exception {
    TestingRootKeys revoked = new TestingRootKeys("revoked", "a").state(KeyState.Revoked);
    TestingRootKeys expired = new TestingRootKeys("expired", "a").expiring(NOW);
    TestingRootKeys forbidden = new TestingRootKeys("forbidden", "a").allowedCidrs("192.0.2.0/24");
    TestingRootKeys limited = new TestingRootKeys("limited", "a");
    List.of(revoked, expired, forbidden, limited).forEach(r -> index.put(r.rootKey));

    assertThat(data(handle(body(revoked, "a"), "203.0.113.9")).get("code").asText())
        .isEqualTo("REVOKED");
    assertThat(data(handle(body(expired, "a"), "203.0.113.9")).get("code").asText())
        .isEqualTo("EXPIRED");
    assertThat(data(handle(body(forbidden, "a"), "203.0.113.9")).get("code").asText())
        .isEqualTo("FORBIDDEN");
    assertThat(data(handle(body(limited, "b"), "203.0.113.9")).get("code").asText())
        .isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(data(handle(body(limited, "b"), "203.0.113.9")).get("valid").booleanValue())
        .isFalse();
  }

  @Test
  void theCallerIsFoundThroughTrustedProxiesOnly() throws Exception {
    TestingRootKeys office = new TestingRootKeys("office", "a").allowedCidrs("192.0.2.0/24");
    index.put(office.rootKey);

    assertThat(code(handle(body(office, "a"), "10.0.0.2", List.of("192.0.2.44"))))
        .isEqualTo("VALID");
    assertThat(code(handle(body(office, "a"), "203.0.113.9", List.of("192.0.2.44"))))
        .isEqualTo("FORBIDDEN");
    assertThat(code(handle(body(office, "a"), "10.0.0.2", List.of("192.0.2.44, garbage"))))
        .isEqualTo("FORBIDDEN");
  }

  @Test
  void aMalformedRequestIsA400InTheErrorEnvelope() throws Exception {
    VerifyReply reply = handle("{\"permissions\": []}", "203.0.113.9");

    assertThat(reply.status()).isEqualTo(400);
    JsonNode body = json.valueToTree(reply.body());
    assertThat(fieldNames(body)).containsExactly("meta", "error");
    assertThat(body.at("/meta/requestId").asText()).isEqualTo("req_1");
    assertThat(fieldNames(body.get("error")))
        .containsExactly("title", "detail", "status", "type", "errors");
    assertThat(body.at("/error/title").asText()).isEqualTo("Bad Request");
    assertThat(body.at("/error/detail").asText()).isEqualTo("key is missing");
    assertThat(body.at("/error/status").intValue()).isEqualTo(400);
    assertThat(body.at("/error/type").asText()).isEqualTo("about:blank");
    // Unkey's SDKs cannot read a 400 without its list of errors.
    assertThat(body.at("/error/errors/0/location").asText()).isEqualTo("body.key");
    assertThat(body.at("/error/errors/0/message").asText()).isEqualTo("key is missing");
    assertThat(handle("not json", "203.0.113.9").status()).isEqualTo(400);
    assertThat(counts.badRequests()).isEqualTo(2);
    assertThat(counts.snapshot().values()).allMatch(count -> count == 0);
  }

  @Test
  void whileTheIndexLoadsAWellFormedRequestIsA503NotAVerdict() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "a");
    index.put(billing.rootKey);
    index.setReady(false);

    VerifyReply reply = handle(body(billing, "a"), "203.0.113.9");

    assertThat(reply.status()).isEqualTo(503);
    JsonNode body = json.valueToTree(reply.body());
    assertThat(body.at("/error/status").intValue()).isEqualTo(503);
    assertThat(body.at("/error/title").asText()).isEqualTo("Service Unavailable");
    assertThat(counts.unavailable()).isEqualTo(1);
    assertThat(index.lookups()).isZero();
    assertThat(handle("{}", "203.0.113.9").status()).isEqualTo(400);
  }

  @Test
  void theKeyNeverAppearsInAReplyOrItsJson() throws Exception {
    TestingRootKeys billing = new TestingRootKeys("billing", "a");
    index.put(billing.rootKey);
    String token = billing.token();

    for (String body :
        List.of(
            body(billing, "a"),
            "{\"key\": \"" + token + "\", \"permissions\": [\"bad..x\"]}",
            "{\"key\": \"" + token + "\"",
            "{\"key\": \"" + token + "x\"}")) {
      VerifyReply reply = handle(body, "203.0.113.9");
      assertThat(reply.toString()).as(body).doesNotContain(token.substring(3, 20));
      assertThat(json.writeValueAsString(reply.body()))
          .as(body)
          .doesNotContain(token.substring(3, 20));
    }
  }

  @Test
  void eachRequestGetsItsOwnRequestId() throws Exception {
    handle("{}", "203.0.113.9");
    VerifyReply second = handle("{\"key\": \"x\"}", "203.0.113.9");
    assertThat(second.body().meta().requestId()).isEqualTo("req_2");
  }

  @Test
  void randomRequestIdsAreUnkeyStyleAndDistinct() {
    RandomRequestIds ids = new RandomRequestIds(new Random(7));
    String first = ids.get();
    assertThat(first).matches("req_[0-9a-f]{32}");
    assertThat(ids.get()).isNotEqualTo(first);
  }

  private static String query(TestingRootKeys rootKey, String query) {
    return "{\"key\": \"" + rootKey.token() + "\", \"permissions\": \"" + query + "\"}";
  }

  private VerifyReply whoami(String body, String peer) throws UnknownHostException {
    return service.whoami(
        body.getBytes(StandardCharsets.UTF_8),
        RequestOrigin.of(InetAddress.getByName(peer), List.of()));
  }

  private static String body(TestingRootKeys rootKey, String permission) {
    return "{\"key\": \"" + rootKey.token() + "\", \"permissions\": [\"" + permission + "\"]}";
  }

  private VerifyReply handle(String body, String peer) throws UnknownHostException {
    return handle(body, peer, List.of());
  }

  private VerifyReply handle(String body, String peer, List<String> forwardedFor)
      throws UnknownHostException {
    return service.handle(
        body.getBytes(StandardCharsets.UTF_8),
        RequestOrigin.of(InetAddress.getByName(peer), forwardedFor));
  }

  private JsonNode data(VerifyReply reply) {
    assertThat(reply.status()).isEqualTo(200);
    return json.<JsonNode>valueToTree(reply.body()).get("data");
  }

  private String code(VerifyReply reply) {
    return data(reply).get("code").asText();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
