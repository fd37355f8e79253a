package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.github.GitHubTestVectors;
import dev.rootkey.webhook.github.GitHubTestVectors.Vector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LeakReportIntakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestingSigner signer = TestingSigner.p256();
  // GitHub's own key set, as the test vectors recorded it, with the test signer's key added.
  private final TestingPublicKeysFetcher fetcher =
      new TestingPublicKeysFetcher().serving(withKey(GitHubTestVectors.keySetDocument(), signer));
  private final LeakReportIntake intake =
      new LeakReportIntake(
          new SignedRequestVerifier(
              new PartnerPublicKeys(
                  fetcher,
                  new KeySetParser(),
                  new TestingClock(Instant.parse("2026-11-22T10:00:00Z")),
                  PartnerPublicKeys.DEFAULT_TTL,
                  PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
                  GitHub.KEYS_DESCRIPTION),
              new EcdsaSignatureVerifier(),
              GitHub.SIGNATURE_HEADERS),
          new LeakReportParser(GitHub.ALERT_FORMAT));

  private static String withKey(String keySet, TestingSigner signer) {
    try {
      ObjectNode document = (ObjectNode) JSON.readTree(keySet);
      JsonNode ours = JSON.readTree(signer.keySetEntry("test-key", true));
      ((ArrayNode) document.get("public_keys")).insert(0, ours);
      return document.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRealDeliveryIsAcceptedWithItsMatches() {
    Vector vector = GitHubTestVectors.vector(3);

    Intake result =
        intake.receive(headers(vector.keyIdentifier(), vector.signature()), vector.body());

    assertThat(result).isInstanceOf(Intake.Accepted.class);
    Intake.Accepted accepted = (Intake.Accepted) result;
    assertThat(accepted.keyIdentifier()).isEqualTo(GitHubTestVectors.GITHUB_KEY_ID);
    assertThat(accepted.matches())
        .extracting(ReportedToken::type)
        .containsExactly("github_oauth_token");
  }

  @Test
  void aBodyThatIsNotJsonUnderABadSignatureIsUnauthorizedNotMalformed() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

    assertThat(
            intake.receive(
                headers("test-key", signer.sign("other".getBytes(StandardCharsets.UTF_8))), body))
        .isEqualTo(new Rejection(401, SignatureCheck.MISMATCH.message()));
  }

  @Test
  void aSignedBodyThatIsNotJsonIsABadRequest() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

    Intake result = intake.receive(headers("test-key", signer.sign(body)), body);

    assertThat(result).isInstanceOf(Rejection.class);
    assertThat(((Rejection) result).status()).isEqualTo(400);
    assertThat(((Rejection) result).message()).startsWith("body is not JSON");
  }

  @Test
  void aSignedBatchWithOneElementMissingItsTokenIsABadRequestNamingTheElement() {
    byte[] body =
        "[{\"token\":\"a\",\"type\":\"t\"},{\"type\":\"t\",\"url\":\"u\"}]"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(intake.receive(headers("test-key", signer.sign(body)), body))
        .isEqualTo(new Rejection(400, "element 1 has no token"));
  }

  @Test
  void aSignedBatchIsAcceptedInOrder() {
    byte[] body =
        ("[{\"token\":\"a\",\"type\":\"t\",\"source\":\"commit\"},"
                + "{\"token\":\"b\",\"type\":\"t\",\"url\":\" x\"}]")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(intake.receive(headers("test-key", signer.sign(body)), body))
        .isEqualTo(
            new Intake.Accepted(
                "test-key",
                List.of(
                    new ReportedToken("a", "t", Optional.empty(), Optional.of("commit")),
                    new ReportedToken("b", "t", Optional.of(" x"), Optional.empty()))));
  }

  private static Function<String, String> headers(String keyIdentifier, String signature) {
    return SignedRequestVerifier.headerLookup(
        Map.of(
            GitHub.SIGNATURE_HEADERS.keyIdentifier(), keyIdentifier,
            GitHub.SIGNATURE_HEADERS.signature(), signature));
  }
}
