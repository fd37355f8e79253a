package dev.rootkey.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.api.v1alpha1.KeyRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RecordSealTest {

  private static final String HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private final SecureRandom random = new SecureRandom();
  private final RecordSeal seal = RecordSeal.random(random);

  @Test
  void aRecordSealedForItsRootKeyVerifiesThere() {
    KeyRecord record = seal.sealed("payments", "uid-1", record("k1", HASH));

    assertThat(seal.verifies("payments", "uid-1", record)).isTrue();
    assertThat(record.getSeal()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void aSealedRecordCopiedToAnotherRootKeyOrNamespaceDoesNotVerify() {
    KeyRecord record = seal.sealed("payments", "uid-1", record("k1", HASH));

    assertThat(seal.verifies("search", "uid-1", record)).isFalse();
    assertThat(seal.verifies("payments", "uid-2", record)).isFalse();
  }

  @Test
  void changingTheSealedIdOrHashBreaksTheSeal() {
    KeyRecord record = seal.sealed("payments", "uid-1", record("k1", HASH));

    KeyRecord otherId = new KeyRecord(record);
    otherId.setId("k2");
    KeyRecord otherHash = new KeyRecord(record);
    otherHash.setHash(HASH.replace('9', '8'));
    assertThat(seal.verifies("payments", "uid-1", otherId)).isFalse();
    assertThat(seal.verifies("payments", "uid-1", otherHash)).isFalse();
  }

  @Test
  void fieldBoundariesCannotBeShifted() {
    assertThat(seal.seal("ab", "c", "k1", HASH)).isNotEqualTo(seal.seal("a", "bc", "k1", HASH));
    assertThat(seal.seal("a", "b", "ck1", HASH)).isNotEqualTo(seal.seal("a", "bc", "k1", HASH));
  }

  @Test
  void aSealMadeWithAnotherKeyDoesNotVerify() {
    KeyRecord record = RecordSeal.random(random).sealed("payments", "uid-1", record("k1", HASH));

    assertThat(seal.verifies("payments", "uid-1", record)).isFalse();
  }

  @Test
  void missingOrMalformedSealsDoNotVerify() {
    KeyRecord unsealed = record("k1", HASH);
    KeyRecord garbage = record("k1", HASH);
    garbage.setSeal("not base64url!");
    KeyRecord truncated = seal.sealed("payments", "uid-1", record("k1", HASH));
    truncated.setSeal(truncated.getSeal().substring(0, 20));
    KeyRecord noHash = seal.sealed("payments", "uid-1", record("k1", HASH));
    noHash.setHash(null);

    for (KeyRecord record : new KeyRecord[] {unsealed, garbage, truncated, noHash}) {
      assertThat(seal.verifies("payments", "uid-1", record)).isFalse();
    }
    assertThat(seal.verifies("payments", null, seal.sealed("payments", "u", record("k1", HASH))))
        .isFalse();
  }

  @Test
  void theSameKeyFromTheEnvironmentSealsAlike() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    Map<String, String> standard =
        Map.of(RecordSeal.VARIABLE, Base64.getEncoder().encodeToString(key) + "\n");
    Map<String, String> urlSafe =
        Map.of(RecordSeal.VARIABLE, Base64.getUrlEncoder().withoutPadding().encodeToString(key));

    String expected = new RecordSeal(key).seal("payments", "uid-1", "k1", HASH);
    assertThat(RecordSeal.fromEnvironment(standard).seal("payments", "uid-1", "k1", HASH))
        .isEqualTo(expected);
    assertThat(RecordSeal.fromEnvironment(urlSafe).seal("payments", "uid-1", "k1", HASH))
        .isEqualTo(expected);
  }

  @Test
  void aMissingShortOrMalformedKeyIsRefusedNamingTheVariableNotTheValue() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> RecordSeal.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ROOTKEY_RECORD_SEAL_KEY is not set")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> RecordSeal.fromEnvironment(Map.of(RecordSeal.VARIABLE, " ")))
        .hasMessageStartingWith("ROOTKEY_RECORD_SEAL_KEY is not set");
    assertThatThrownBy(() -> RecordSeal.fromEnvironment(Map.of(RecordSeal.VARIABLE, shortKey)))
        .hasMessage(
            "ROOTKEY_RECORD_SEAL_KEY decodes to 16 bytes: give base64 of at least 32 random bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(
            () -> RecordSeal.fromEnvironment(Map.of(RecordSeal.VARIABLE, "s3cr3t*value")))
        .hasMessageStartingWith("ROOTKEY_RECORD_SEAL_KEY is not base64")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void theSealIsHmacSha256OverThePurposeAndTheLengthPrefixedFields() throws Exception {
    byte[] key = new byte[RecordSeal.MIN_KEY_BYTES];
    random.nextBytes(key);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update("rootkey.dev/key-record-seal/v1".getBytes(StandardCharsets.UTF_8));
    for (String field : List.of("payments", "uid-1", "k1", HASH)) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      mac.update(bytes);
    }
    String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());

    RecordSeal sealing = new RecordSeal(key);

    // Twice: the second seal comes from the same prototype, which the first must not have changed.
    assertThat(sealing.seal("payments", "uid-1", "k1", HASH)).isEqualTo(expected);
    assertThat(sealing.seal("payments", "uid-1", "k1", HASH)).isEqualTo(expected);
  }

  @Test
  void threadsSealingAtOnceGetTheSealsOneThreadGets() throws Exception {
    List<String> ids = IntStream.range(0, 2_000).mapToObj(i -> "key-" + i).toList();
    List<String> alone = ids.stream().map(id -> seal.seal("payments", "uid-1", id, HASH)).toList();

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> together = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        together.add(
            threads.submit(
                () -> ids.stream().map(id -> seal.seal("payments", "uid-1", id, HASH)).toList()));
      }
      for (Future<List<String>> seals : together) {
        assertThat(seals.get()).isEqualTo(alone);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static KeyRecord record(String id, String hash) {
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(hash);
    return record;
  }
}
