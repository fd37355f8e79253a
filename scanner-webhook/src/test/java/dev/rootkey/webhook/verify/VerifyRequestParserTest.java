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
        .isEqualTo(new VerifyRequestParse.Parsed(new VerifyRequest(KEY, List.of())));
    assertThat(parse("{\"key\": \"" + KEY + "\", \"permissions\": null}"))
        .isEqualTo(new VerifyRequestParse.Parsed(new VerifyRequest(KEY, List.of())));
  }

  @Test
  void permissionsAndUnknownFieldsAreRead() {
    assertThat(
            parse(
                "{\"key\": \""
                    + KEY
                    + "\", \"permissions\": [\"api.*.verify_key\", \"ratelimit.read\"],"
                    + " \"tags\": [\"path=/v1\"]}"))
        .isEqualTo(
            new VerifyRequestParse.Parsed(
                new VerifyRequest(KEY, List.of("api.*.verify_key", "ratelimit.read"))));
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
            Map.entry(
                "{\"key\": \"" + KEY + "\", \"permissions\": \"api.a\"}",
                "permissions is not an array of strings"),
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
