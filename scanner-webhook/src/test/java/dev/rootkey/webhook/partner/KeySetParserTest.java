package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.webhook.github.GitHubTestVectors;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeySetParserTest {

  private final KeySetParser parser = new KeySetParser();

  @Test
  void gitHubsRealKeySetYieldsItsListedP256KeyEvenThoughItIsNoLongerCurrent() throws Exception {
    Map<String, PublicKey> keys = parser.parse(GitHubTestVectors.keySetDocument());

    assertThat(keys).containsOnlyKeys(GitHubTestVectors.GITHUB_KEY_ID);
    assertThat(EcdsaSignatureVerifier.isP256(keys.get(GitHubTestVectors.GITHUB_KEY_ID))).isTrue();
    assertThat(keys.get(GitHubTestVectors.GITHUB_KEY_ID)).isEqualTo(GitHubTestVectors.githubKey());
  }

  @Test
  void currentAndRetiredKeysAreBothKeptAndUnknownFieldsIgnored() throws Exception {
    TestingSigner current = TestingSigner.p256();
    TestingSigner retired = TestingSigner.p256();
    String document =
        "{\"public_keys\":["
            + current.keySetEntry("new", true)
            + ","
            + retired.keySetEntry("old", false)
            + "],\"extra\":1}";

    assertThat(parser.parse(document))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("new", current.publicKey(), "old", retired.publicKey()));
  }

  @Test
  void aKeySetWrittenForAStandInReadsBackWithEveryKey() throws Exception {
    TestingSigner current = TestingSigner.p256();
    TestingSigner retired = TestingSigner.p256();
    String document =
        KeySetDocument.of(
            List.of(
                new KeySetDocument.Entry("new", current.publicKey(), true),
                new KeySetDocument.Entry("old", retired.publicKey(), false)));

    assertThat(parser.parse(document))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("new", current.publicKey(), "old", retired.publicKey()));
  }

  @Test
  void anUnreadableEntryIsSkippedAndTheOtherKeysKept() throws Exception {
    TestingSigner good = TestingSigner.p256();
    String document =
        "{\"public_keys\":["
            + "{\"key_identifier\":\"broken\",\"key\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n"
            + "-----END PUBLIC KEY-----\\n\"},"
            + "{\"key_identifier\":\"no-key\"},"
            + "{\"key\":\"orphan\"},"
            + "42,"
            + good.keySetEntry("good", true)
            + "]}";

    assertThat(parser.parse(document)).containsOnlyKeys("good");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{}",
        "{\"public_keys\":{}}",
        "{\"public_keys\":[]}",
        "{\"public_keys\":[{\"key_identifier\":\"a\",\"key\":\"not pem\"}]}",
        ""
      })
  void aDocumentWithoutAnyUsableKeyIsInvalid(String document) {
    assertThatThrownBy(() -> parser.parse(document)).isInstanceOf(InvalidKeySetException.class);
  }

  @Test
  void thePemReaderReturnsNothingForAPrivateKeyOrGarbage() {
    PemPublicKeyReader reader = new PemPublicKeyReader();
    assertThat(reader.read("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .isEmpty();
    assertThat(reader.read("garbage")).isEmpty();
    assertThat(reader.read(TestingSigner.p256().pem())).isPresent();
  }
}
