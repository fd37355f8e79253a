package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyRequestParserTest {

  private static final String KEY = "rk_0zHjNYQcJjriPVsiHnFJTuUPjuokIq1xdamU";

  private final VerifyRequestParser parser = new VerifyRequestParser();

  @Test
  void aKeyAloneIsARequestCheckingNoPermissions() {
    assertThat(parse("{\"key\": \"" + KEY + "\"}"))
        .isEqualTo(new VerifyRequestParse.Parsed(new VerifyRequest(KEY, PermissionQuery.NONE)));
    assertThat(parse("{\"key\": \"" + KEY + "\", \"permissions\": null}"))
        .isEqualTo(new VerifyRequestParse.Parsed(new VerifyRequest(KEY, PermissionQuery.NONE)));
  }

  @Test
  void permissionsAsAnArrayMustAllBeGranted() {
    assertThat(
            parse(
                "{\"key\": \""
                    + KEY
                    + "\", \"permissions\": [\"api.*.verify_key\", \"ratelimit.read\"]}"))
        .isEqualTo(
            new VerifyRequestParse.Parsed(
                new VerifyRequest(
                    KEY, PermissionQuery.allOf(List.of("api.*.verify_key", "ratelimit.read")))));
  }

  @Test
  void permissionsAsUnkeysQueryStringAreParsedOnce() throws Exception {
    assertThat(
            parse(
                "{\"key\": \""
                    + KEY
                    + "\", \"permissions\": \"api.a.verify_key OR (x.read and y.read)\"}"))
        .isEqualTo(
            new VerifyRequestParse.Parsed(
                new VerifyRequest(
                    KEY, PermissionQueryParser.parse("api.a.verify_key OR (x.read AND y.read)"))));
  }

  @Test
  void everyFieldOfUnkeysRequestIsAcceptedAndTheIgnoredOnesChangeNothing() {
    String body =
        "{\"key\": \""
            + KEY
            + "\", \"permissions\": \"api.a.verify_key\", \"tags\": [\"path=/v1\", \"café\"],"
            + " \"credits\": {\"cost\": 5}, \"ratelimits\": [], \"migrationId\": \"m_1\"}";
    assertThat(parse(body))
        .isEqualTo(
            new VerifyRequestParse.Parsed(
                new VerifyRequest(KEY, new PermissionQuery.Permission("api.a.verify_key"))));
  }

  @Test
  void aMalformedQueryIsRefusedWithItsPositionAndAHint() {
    VerifyRequestParse.Malformed malformed =
        (VerifyRequestParse.Malformed)
            parse("{\"key\": \"" + KEY + "\", \"permissions\": \"AND permission_1\"}");
    assertThat(malformed.location()).isEqualTo("body.permissions");
    assertThat(malformed.message())
        .isEqualTo(
            "Unexpected token 'AND' at position 0. Expected a permission identifier or opening"
                + " parenthesis.");
    assertThat(malformed.fieldMessage()).isEqualTo("unexpected token 'AND' at position 0");
    assertThat(malformed.fix()).isNotBlank();
  }

  @Test
  void fieldsThatWouldNeedEnforcingOrThatUnkeyDoesNotKnowAreRefusedByName() {
    Map<String, String> cases =
        Map.of(
            "\"ratelimits\": [{\"name\": \"tokens\"}]",
            "body.ratelimits",
            "\"ratelimits\": [{\"name\": \"t\", \"limit\": 10, \"duration\": 60000}]",
            "body.ratelimits",
            "\"apiId\": \"api_1\"",
            "body.apiId",
            "\"authorization\": {\"permissions\": \"a\"}",
            "body.authorization",
            "\"" + KEY + "\": 1",
            "body");
    cases.forEach(
        (field, location) -> {
          VerifyRequestParse parse = parse("{\"key\": \"" + KEY + "\", " + field + "}");
          assertThat(parse).as(field).isInstanceOf(VerifyRequestParse.Malformed.class);
          VerifyRequestParse.Malformed malformed = (VerifyRequestParse.Malformed) parse;
          assertThat(malformed.location()).as(field).isEqualTo(location);
          assertThat(malformed.message()).as(field).doesNotContain(KEY.substring(3, 20));
        });
  }

  @Test
  void ignoredFieldsAreStillHeldToUnkeysLimits() {
    Map<String, String> cases =
        Map.of(
            "\"tags\": \"a\"",
            "body.tags",
            "\"tags\": [" + "\"t\",".repeat(20) + "\"t\"]",
            "body.tags",
            "\"tags\": [\"a\", \"\"]",
            "body.tags[1]",
            "\"tags\": [\"" + "x".repeat(513) + "\"]",
            "body.tags[0]",
            "\"credits\": {\"cost\": -1}",
            "body.credits.cost",
            "\"credits\": {\"cost\": 1.5}",
            "body.credits.cost",
            "\"credits\": {}",
            "body.credits.cost",
            "\"credits\": {\"cost\": 1, \"x\": 1}",
            "body.credits",
            "\"migrationId\": 7",
            "body.migrationId",
            "\"ratelimits\": {}",
            "body.ratelimits");
    cases.forEach(
        (field, location) ->
            assertThat(parse("{\"key\": \"" + KEY + "\", " + field + "}"))
                .as(field)
                .asInstanceOf(type(VerifyRequestParse.Malformed.class))
                .extracting(VerifyRequestParse.Malformed::location)
                .isEqualTo(location));
  }

  @Test
  void whoamiTakesTheKeyAndNothingElse() {
    assertThat(parser.parseWhoami(("{\"key\": \"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new VerifyRequestParse.Parsed(new VerifyRequest(KEY, PermissionQuery.NONE)));
    assertThat(
            parser.parseWhoami(
                ("{\"key\": \"" + KEY + "\", \"permissions\": \"a\"}")
                    .getBytes(StandardCharsets.UTF_8)))
        .asInstanceOf(type(VerifyRequestParse.Malformed.class))
        .extracting(VerifyRequestParse.Malformed::location)
        .isEqualTo("body.permissions");
    assertThat(parser.parseWhoami("{}".getBytes(StandardCharsets.UTF_8)))
        .asInstanceOf(type(VerifyRequestParse.Malformed.class))
        .extracting(VerifyRequestParse.Malformed::message)
        .isEqualTo("key is missing");
  }

  @Test
  void aKeyThatIsNotOneOfOursIsStillARequest() {
    assertThat(parse("{\"key\": \"hello\"}")).isInstanceOf(VerifyRequestParse.Parsed.class);
  }

  @Test
  void eachBadBodyGetsAClearMessage() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("", "body is empty: send {\"key\": \"...\"}"),
            Map.entry("key=" + KEY, "body is not JSON (line 1, column "),
            Map.entry("{\"key\": \"" + KEY, "body is not JSON"),
            Map.entry("[\"" + KEY + "\"]", "body is not a JSON object"),
            Map.entry("\"" + KEY + "\"", "body is not a JSON object"),
            Map.entry("{}", "key is missing"),
            Map.entry("{\"key\": null}", "key is missing"),
            Map.entry("{\"key\": 42}", "key is not a string"),
            Map.entry("{\"key\": \"\"}", "key is empty"),
            Map.entry("{\"key\": \"" + "k".repeat(513) + "\"}", "key is longer than 512"),
            Map.entry(
                "{\"key\": \"" + KEY + "\", \"permissions\": {\"a\": 1}}",
                "permissions is neither a query string"),
            Map.entry(
                "{\"key\": \"" + KEY + "\", \"permissions\": [" + "\"a\",".repeat(100) + "\"a\"]}",
                "permissions has more than 100 names"),
            Map.entry(
                "{\"key\": \"" + KEY + "\", \"permissions\": [\"a\", 1]}",
                "permissions[1] is not a string"),
            Map.entry(
                "{\"key\": \"" + KEY + "\", \"permissions\": [\"api..x\"]}",
                "permissions[0] is not a permission: use dot-separated segments of letters,"
                    + " digits, '_' and '-', or '*' for a whole segment, e.g."
                    + " api.payments.verify_key"),
            Map.entry("{\"key\": \"" + KEY + "\", \"key\": \"rk_other\"}", "body is not JSON"),
            Map.entry("{\"key\": \"" + KEY + "\"} {}", "body is not JSON"),
            // Read without recursion and refused past Jackson's depth limit: no stack overflow.
            Map.entry("[".repeat(100_000), "body is not JSON"));
    cases.forEach(
        (body, message) ->
            assertThat(parse(body))
                .as(body)
                .asInstanceOf(type(VerifyRequestParse.Malformed.class))
                .extracting(VerifyRequestParse.Malformed::message)
                .asString()
                .startsWith(message)
                .doesNotContain(KEY)
                .doesNotContain(KEY.substring(3, 20)));
  }

  @Test
  void aParsedRequestNeverPrintsItsKey() {
    assertThat(parse("{\"key\": \"" + KEY + "\"}").toString()).doesNotContain(KEY);
  }

  private VerifyRequestParse parse(String body) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
