package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.webhook.github.GitHubTestVectors;
import dev.rootkey.webhook.github.GitHubTestVectors.Vector;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaSignatureVerifierTest {

  private static final PublicKey GITHUB_KEY = GitHubTestVectors.githubKey();

  private final EcdsaSignatureVerifier verifier = new EcdsaSignatureVerifier();

  static List<Vector> realVectors() {
    return GitHubTestVectors.vectors();
  }

  @Test
  void theTestDataHoldsAllFourRealDeliveries() {
    assertThat(realVectors()).hasSize(4);
  }

  @ParameterizedTest
  @MethodSource("realVectors")
  void everyRealGitHubDeliveryVerifiesWithTheListedKey(Vector vector) {
    assertThat(verifier.verify(GITHUB_KEY, vector.body(), vector.signature()))
        .isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void changingAnySingleByteOfTheBodyBreaksTheSignature() {
    Vector vector = GitHubTestVectors.vector(1);
    for (int i = 0; i < vector.body().length; i++) {
      byte[] tampered = vector.body().clone();
      tampered[i] ^= 0x01;
      assertThat(verifier.verify(GITHUB_KEY, tampered, vector.signature()))
          .as("byte %d changed", i)
          .isEqualTo(SignatureCheck.MISMATCH);
    }
  }

  @Test
  void aTrailingNewlineAddedToTheBodyBreaksTheSignature() {
    for (Vector vector : realVectors()) {
      byte[] withNewline = (vector.bodyText() + "\n").getBytes(StandardCharsets.UTF_8);
      assertThat(verifier.verify(GITHUB_KEY, withNewline, vector.signature()))
          .isEqualTo(SignatureCheck.MISMATCH);
    }
  }

  @Test
  void theSignatureOfAnotherDeliveryDoesNotVerify() {
    List<Vector> vectors = realVectors();
    for (int i = 0; i < vectors.size(); i++) {
      Vector other = vectors.get((i + 1) % vectors.size());
      assertThat(verifier.verify(GITHUB_KEY, vectors.get(i).body(), other.signature()))
          .isEqualTo(SignatureCheck.MISMATCH);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64!", "MEUCIQ===A", "ü", "MEU CIQ"})
  void aSignatureThatIsNotBase64IsRejectedAsSuch(String header) {
    assertThat(verifier.verify(GITHUB_KEY, GitHubTestVectors.vector(0).body(), header))
        .isEqualTo(SignatureCheck.NOT_BASE64);
  }

  @Test
  void aSignatureInTheUrlSafeAlphabetIsNotStandardBase64() {
    Vector vector = GitHubTestVectors.vector(0);
    assertThat(vector.signature()).contains("+", "/");
    String urlSafe = vector.signature().replace('+', '-').replace('/', '_');
    assertThat(verifier.verify(GITHUB_KEY, vector.body(), urlSafe))
        .isEqualTo(SignatureCheck.NOT_BASE64);
  }

  @Test
  void aMissingSignatureIsRejectedWithoutAnException() {
    assertThat(verifier.verify(GITHUB_KEY, GitHubTestVectors.vector(0).body(), null))
        .isEqualTo(SignatureCheck.NOT_BASE64);
    assertThat(verifier.verify(GITHUB_KEY, GitHubTestVectors.vector(0).body(), ""))
        .isEqualTo(SignatureCheck.NOT_DER);
  }

  @Test
  void theRightSignatureAsRawRAndSInsteadOfDerIsRejectedAsNotDer() throws Exception {
    Vector vector = GitHubTestVectors.vector(0);
    byte[] raw = rawRs(Base64.getDecoder().decode(vector.signature()));
    // The same r and s do verify in the raw format, so only the encoding is wrong.
    Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
    p1363.initVerify(GITHUB_KEY);
    p1363.update(vector.body());
    assertThat(p1363.verify(raw)).isTrue();

    assertThat(verifier.verify(GITHUB_KEY, vector.body(), Base64.getEncoder().encodeToString(raw)))
        .isEqualTo(SignatureCheck.NOT_DER);
  }

  @Test
  void aDerSignatureWithTrailingBytesOrALongFormLengthIsNotDer() {
    Vector vector = GitHubTestVectors.vector(0);
    byte[] der = Base64.getDecoder().decode(vector.signature());
    byte[] trailing = Arrays.copyOf(der, der.length + 1);
    // BER allows the long form 0x81 LEN where DER demands the shortest length encoding.
    byte[] longForm = new byte[der.length + 1];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(der, 1, longForm, 2, der.length - 1);

    for (byte[] notDer : List.of(trailing, longForm)) {
      assertThat(
              verifier.verify(
                  GITHUB_KEY, vector.body(), Base64.getEncoder().encodeToString(notDer)))
          .isEqualTo(SignatureCheck.NOT_DER);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "3006020100020101", // r = 0
        "30060201ff020101", // r = -1
        "300602010102", // truncated
        "3003020101", // one integer only
        "0400", // not a sequence
        "30080201010201010500", // three elements
      })
  void malformedOrOutOfRangeDerIsRejectedAsNotDer(String hex) {
    String header = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    assertThat(verifier.verify(GITHUB_KEY, GitHubTestVectors.vector(0).body(), header))
        .isEqualTo(SignatureCheck.NOT_DER);
  }

  @Test
  void anOversizedSignatureIsRejectedBeforeAnyAsn1Parsing() {
    String header = Base64.getEncoder().encodeToString(new byte[73]);
    assertThat(verifier.verify(GITHUB_KEY, GitHubTestVectors.vector(0).body(), header))
        .isEqualTo(SignatureCheck.NOT_DER);
  }

  @Test
  void wellFormedDerWithRAboveTheCurveOrderIsAMismatchNotAnException() throws Exception {
    BigInteger tooLarge = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    byte[] der =
        new DERSequence(new ASN1Integer[] {new ASN1Integer(tooLarge), new ASN1Integer(tooLarge)})
            .getEncoded();
    assertThat(
            verifier.verify(
                GITHUB_KEY,
                GitHubTestVectors.vector(0).body(),
                Base64.getEncoder().encodeToString(der)))
        .isEqualTo(SignatureCheck.MISMATCH);
  }

  @Test
  void aSignatureByAnotherP256KeyDoesNotVerifyWithGitHubsKey() {
    Vector vector = GitHubTestVectors.vector(0);
    TestingSigner other = TestingSigner.p256();
    String signature = other.sign(vector.body());

    assertThat(verifier.verify(other.publicKey(), vector.body(), signature))
        .isEqualTo(SignatureCheck.VALID);
    assertThat(verifier.verify(GITHUB_KEY, vector.body(), signature))
        .isEqualTo(SignatureCheck.MISMATCH);
  }

  @Test
  void aPayloadSignedWithAGeneratedP256KeyVerifiesWithThatKey() {
    TestingSigner signer = TestingSigner.p256();
    byte[] body =
        "[{\"token\":\"rk_x\",\"type\":\"rootkey_root_key\",\"url\":\"\"}]\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(signer.publicKey(), body, signer.sign(body)))
        .isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void aKeyOnAnotherCurveOrOfAnotherAlgorithmIsNeverUsed() {
    byte[] body = GitHubTestVectors.vector(0).body();
    TestingSigner p384 = TestingSigner.ec("secp384r1");
    TestingSigner rsa = TestingSigner.rsa();

    assertThat(verifier.verify(p384.publicKey(), body, p384.sign(body)))
        .isEqualTo(SignatureCheck.NOT_P256_KEY);
    assertThat(verifier.verify(rsa.publicKey(), body, rsa.sign(body)))
        .isEqualTo(SignatureCheck.NOT_P256_KEY);
  }

  /** DER SEQUENCE { r, s } to the 64-byte r||s form some libraries produce. */
  private static byte[] rawRs(byte[] der) throws IOException {
    ASN1Sequence sequence = (ASN1Sequence) ASN1Primitive.fromByteArray(der);
    byte[] raw = new byte[64];
    for (int i = 0; i < 2; i++) {
      byte[] value = ((ASN1Integer) sequence.getObjectAt(i)).getValue().toByteArray();
      int length = Math.min(value.length, 32);
      System.arraycopy(value, value.length - length, raw, i * 32 + 32 - length, length);
    }
    return raw;
  }
}
