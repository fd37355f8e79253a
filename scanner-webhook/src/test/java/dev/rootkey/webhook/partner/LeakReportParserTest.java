package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.github.GitHubTestVectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeakReportParserTest {

  private final LeakReportParser parser = new LeakReportParser(GitHub.ALERT_FORMAT);

  @Test
  void everyRealDeliveryParsesWithUrlsKeptExactlyAsSent() {
    List<List<ReportedToken>> parsed =
        GitHubTestVectors.vectors().stream().map(v -> matches(v.body())).toList();

    assertThat(parsed.get(0))
        .containsExactly(
            new ReportedToken(
                "some_token", "some_type", Optional.of("some_url"), Optional.empty()));
    assertThat(parsed.get(1).get(0).token()).isEqualTo("NMIfyYncKcRALEXAMPLE");
    assertThat(parsed.get(2)).isEqualTo(parsed.get(0));
    assertThat(parsed.get(3))
        .containsExactly(
            new ReportedToken(
                "cb4985f91f740272c0234202299f43808034d7f5",
                "github_oauth_token",
                Optional.of(
                    " https://github.com/github/faketestrepo/blob/"
                        + "b0dd59c0b500650cacd4551ca5989a6194001b10/production.env"),
                Optional.empty()));
  }

  @Test
  void sourceAndAnEmptyUrlAreKeptAndUnknownFieldsIgnored() {
    String body =
        "[{\"token\":\"a\",\"type\":\"t\",\"url\":\"\",\"source\":\"npm\",\"new_field\":{\"x\":1}},"
            + "{\"token\":\"b\",\"type\":\"t\",\"url\":null}]";

    assertThat(matches(body.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(
            new ReportedToken("a", "t", Optional.of(""), Optional.of("npm")),
            new ReportedToken("b", "t", Optional.empty(), Optional.empty()));
  }

  @Test
  void anEmptyBatchIsValid() {
    assertThat(matches("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aLargeBatchParsesInOrder() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"token\":\"t")
          .append(i)
          .append("\",\"type\":\"x\"}");
    }
    List<ReportedToken> matches =
        matches(body.append("]").toString().getBytes(StandardCharsets.UTF_8));

    assertThat(matches).hasSize(5000);
    assertThat(matches.get(4999).token()).isEqualTo("t4999");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                                  | body is empty",
        "not json                                            | body is not JSON",
        "[{\"token\":\"a\",\"type\":\"t\"}                   | body is not JSON",
        "[{\"token\":\"a\",\"type\":\"t\"}] []               | body is not JSON",
        "[{\"token\":\"a\",\"token\":\"b\",\"type\":\"t\"}]  | body is not JSON",
        "{\"token\":\"a\",\"type\":\"t\"}                    | body is not a JSON array",
        "\"[]\"                                              | body is not a JSON array",
        "null                                                | body is not a JSON array",
        "[{\"token\":\"a\",\"type\":\"t\"},42]               | element 1 is not an object",
        "[{\"token\":\"a\",\"type\":\"t\"},[]]               | element 1 is not an object",
        "[{\"token\":\"a\",\"type\":\"t\"},{\"type\":\"t\"}] | element 1 has no token",
        "[{\"token\":null,\"type\":\"t\"}]                   | element 0 has no token",
        "[{\"token\":42,\"type\":\"t\"}]                     | element 0: token is not a string",
        "[{\"token\":\"a\"}]                                 | element 0 has no type",
        "[{\"token\":\"a\",\"type\":[\"t\"]}]                | element 0: type is not a string",
        "[{\"token\":\"a\",\"type\":\"t\",\"url\":1}]        | element 0: url is not a string",
        "[{\"token\":\"a\",\"type\":\"t\",\"source\":{}}]    | element 0: source is not a string",
      })
  void aBodyOfTheWrongShapeIsMalformedWithAMessageNamingTheProblem(String body, String message) {
    AlertParse parse = parser.parse(body.getBytes(StandardCharsets.UTF_8));

    assertThat(parse).isInstanceOf(AlertParse.Malformed.class);
    assertThat(((AlertParse.Malformed) parse).message()).startsWith(message);
  }

  @Test
  void aMalformedMessageNeverQuotesTheBody() {
    AlertParse parse =
        parser.parse("[{\"token\":\"rk_secret_value\" \"type\"}]".getBytes(StandardCharsets.UTF_8));

    assertThat(((AlertParse.Malformed) parse).message())
        .startsWith("body is not JSON (line 1, column")
        .doesNotContain("rk_secret_value");
  }

  @Test
  void aBodyNestedThousandsDeepIsMalformedNotAStackOverflow() {
    AlertParse parse = parser.parse("[".repeat(100_000).getBytes(StandardCharsets.UTF_8));

    assertThat(((AlertParse.Malformed) parse).message()).startsWith("body is not JSON");
  }

  @Test
  void invalidUtf8IsNotJson() {
    byte[] body = {'[', '{', '"', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xC3, '"'};

    assertThat(parser.parse(body)).isInstanceOf(AlertParse.Malformed.class);
  }

  @Test
  void aMatchNeverShowsItsTokenWhenPrinted() {
    ReportedToken match =
        new ReportedToken("rk_secret_value", "t", Optional.of("u"), Optional.empty());

    assertThat(match.toString()).doesNotContain("rk_secret_value").contains("type=t", "url=u");
  }

  private List<ReportedToken> matches(byte[] body) {
    AlertParse parse = parser.parse(body);
    assertThat(parse).isInstanceOf(AlertParse.Parsed.class);
    return ((AlertParse.Parsed) parse).matches();
  }
}
