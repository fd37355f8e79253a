package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.github.GitHubTestVectors;
import dev.rootkey.webhook.github.GitHubTestVectors.Vector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedRequestVerifierTest {

  private static final String ID = GitHub.SIGNATURE_HEADERS.keyIdentifier();
  private static final String SIGNATURE = GitHub.SIGNATURE_HEADERS.signature();

  private final TestingClock clock = new TestingClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final TestingPublicKeysFetcher fetcher =
      new TestingPublicKeysFetcher().serving(GitHubTestVectors.keySetDocument());
  private final SignedRequestVerifier verifier =
      new SignedRequestVerifier(
          new PartnerPublicKeys(
              fetcher,
              new KeySetParser(),
              clock,
              PartnerPublicKeys.DEFAULT_TTL,
              PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
              GitHub.KEYS_DESCRIPTION),
          new EcdsaSignatureVerifier(),
          GitHub.SIGNATURE_HEADERS);

  @Test
  void everyRealGitHubDeliveryIsVerifiedWithOneKeyFetchInAll() {
    for (Vector vector : GitHubTestVectors.vectors()) {
      assertThat(verify(headers(vector.keyIdentifier(), vector.signature()), vector.body()))
          .isEqualTo(new RequestVerification.Verified(GitHubTestVectors.GITHUB_KEY_ID));
    }
    assertThat(fetcher.fetches()).isEqualTo(1);
  }

  @Test
  void headerNamesAreMatchedWhateverTheirCase() {
    Vector vector = GitHubTestVectors.vector(0);
    for (Map<String, String> headers :
        List.of(
            Map.of(
                "GITHUB-PUBLIC-KEY-IDENTIFIER",
                vector.keyIdentifier(),
                "GITHUB-PUBLIC-KEY-SIGNATURE",
                vector.signature()),
            Map.of(
                "github-public-key-identifier",
                vector.keyIdentifier(),
                "github-public-key-signature",
                vector.signature()),
            Map.of(
                "Github-Public-Key-Identifier",
                vector.keyIdentifier(),
                "gItHuB-pUbLiC-kEy-SiGnAtUrE",
                vector.signature()))) {
      assertThat(verify(headers, vector.body()))
          .as(headers.keySet().toString())
          .isInstanceOf(RequestVerification.Verified.class);
    }
  }

  @Test
  void aMissingOrBlankHeaderIsABadRequestAndFetchesNoKeys() {
    Vector vector = GitHubTestVectors.vector(0);

    assertThat(verify(Map.of(SIGNATURE, vector.signature()), vector.body()))
        .isEqualTo(new Rejection(400, "missing Github-Public-Key-Identifier header"));
    assertThat(verify(Map.of(ID, vector.keyIdentifier()), vector.body()))
        .isEqualTo(new Rejection(400, "missing Github-Public-Key-Signature header"));
    assertThat(verify(headers(" ", vector.signature()), vector.body()))
        .isEqualTo(new Rejection(400, "missing Github-Public-Key-Identifier header"));
    assertThat(verify(headers(vector.keyIdentifier(), ""), vector.body()))
        .isEqualTo(new Rejection(400, "missing Github-Public-Key-Signature header"));
    assertThat(fetcher.fetches()).isZero();
  }

  @Test
  void anUnknownKeyIdentifierIsUnauthorizedAfterOneRefresh() {
    Vector vector = GitHubTestVectors.vector(0);
    verify(headers(vector.keyIdentifier(), vector.signature()), vector.body());
    clock.advance(Duration.ofMinutes(5));

    assertThat(verify(headers("made-up", vector.signature()), vector.body()))
        .isEqualTo(new Rejection(401, "unknown Github-Public-Key-Identifier"));
    assertThat(verify(headers("made-up-too", vector.signature()), vector.body()))
        .isEqualTo(new Rejection(401, "unknown Github-Public-Key-Identifier"));
    assertThat(fetcher.fetches()).isEqualTo(2);
  }

  @Test
  void aBadSignatureIsUnauthorizedWithItsReason() {
    Vector vector = GitHubTestVectors.vector(0);
    byte[] tampered =
        vector.bodyText().replace("some_token", "some_tokem").getBytes(StandardCharsets.UTF_8);
    byte[] trailingNewline = (vector.bodyText() + "\n").getBytes(StandardCharsets.UTF_8);

    assertThat(verify(headers(vector.keyIdentifier(), vector.signature()), tampered))
        .isEqualTo(new Rejection(401, SignatureCheck.MISMATCH.message()));
    assertThat(verify(headers(vector.keyIdentifier(), vector.signature()), trailingNewline))
        .isEqualTo(new Rejection(401, SignatureCheck.MISMATCH.message()));
    assertThat(verify(headers(vector.keyIdentifier(), "%%%"), vector.body()))
        .isEqualTo(new Rejection(401, SignatureCheck.NOT_BASE64.message()));
    assertThat(verify(headers(vector.keyIdentifier(), "AAAA"), vector.body()))
        .isEqualTo(new Rejection(401, SignatureCheck.NOT_DER.message()));
  }

  @Test
  void aListedKeyThatIsNotP256IsNeverTrusted() {
    Vector vector = GitHubTestVectors.vector(0);
    verify(headers(vector.keyIdentifier(), vector.signature()), vector.body());
    TestingSigner p384 = TestingSigner.ec("secp384r1");
    fetcher.serving(p384.keySetDocument("p384"));
    clock.advance(PartnerPublicKeys.DEFAULT_TTL);
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);

    assertThat(verify(headers("p384", p384.sign(body)), body))
        .isEqualTo(new Rejection(401, SignatureCheck.NOT_P256_KEY.message()));
  }

  @Test
  void whileNoKeySetWasEverFetchedTheAnswerAsksGitHubToDeliverAgain() {
    TestingPublicKeysFetcher down =
        new TestingPublicKeysFetcher().failing(new IOException("unreachable"));
    SignedRequestVerifier cold =
        new SignedRequestVerifier(
            new PartnerPublicKeys(
                down,
                new KeySetParser(),
                clock,
                PartnerPublicKeys.DEFAULT_TTL,
                PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
                GitHub.KEYS_DESCRIPTION),
            new EcdsaSignatureVerifier(),
            GitHub.SIGNATURE_HEADERS);
    Vector vector = GitHubTestVectors.vector(0);

    assertThat(
            cold.verify(
                SignedRequestVerifier.headerLookup(
                    headers(vector.keyIdentifier(), vector.signature())),
                vector.body()))
        .isEqualTo(new Rejection(503, "GitHub's public keys are not available yet"));
  }

  private RequestVerification verify(Map<String, String> headers, byte[] body) {
    return verifier.verify(SignedRequestVerifier.headerLookup(headers), body);
  }

  private static Map<String, String> headers(String keyIdentifier, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put(ID, keyIdentifier);
    headers.put(SIGNATURE, signature);
    return headers;
  }
}
