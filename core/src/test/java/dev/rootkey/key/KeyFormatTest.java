package dev.rootkey.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.api.v1alpha1.ApiPatterns;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyFormatTest {

  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @Test
  void keysHaveTheDocumentedLengthAlphabetAndGitHubPattern() {
    Pattern documented = Pattern.compile("rk_[0-9A-Za-z]{36}");
    for (int i = 0; i < 1_000; i++) {
      GeneratedKey key = generator.generate("rk");
      assertThat(key.token()).hasSize(39).hasSize(KeyFormat.tokenLength("rk"));
      assertThat(key.token()).matches(documented).matches(KeyFormat.secretScanningPattern("rk"));
      assertThat(KeyFormat.isWellFormed(key.token())).isTrue();
    }
  }

  @Test
  void lengthIsFixedForEachPrefix() {
    for (String prefix : List.of("ab", "billing", "abcdefghijklmnop")) {
      GeneratedKey key = generator.generate(prefix);
      assertThat(key.token()).startsWith(prefix + "_").hasSize(prefix.length() + 37);
      assertThat(KeyFormat.isWellFormed(key.token())).isTrue();
    }
  }

  @Test
  void checksumRejectsEverySingleCharacterChange() {
    for (int sample = 0; sample < 50; sample++) {
      String token = generator.generate("rk").token();
      for (int position = 0; position < token.length(); position++) {
        for (char replacement : (Base62.ALPHABET + "_-").toCharArray()) {
          if (replacement == token.charAt(position)) {
            continue;
          }
          String changed =
              token.substring(0, position) + replacement + token.substring(position + 1);
          assertThat(KeyFormat.isWellFormed(changed))
              .as("changed position %d to %s", position, replacement)
              .isFalse();
        }
      }
    }
  }

  @Test
  void rejectsTruncatedExtendedAndForeignStrings() {
    String token = generator.generate("rk").token();
    assertThat(KeyFormat.isWellFormed(token.substring(1))).isFalse();
    assertThat(KeyFormat.isWellFormed(token.substring(0, token.length() - 1))).isFalse();
    assertThat(KeyFormat.isWellFormed(token + "a")).isFalse();
    assertThat(KeyFormat.isWellFormed(null)).isFalse();
    assertThat(KeyFormat.isWellFormed("")).isFalse();
    assertThat(KeyFormat.isWellFormed("ghp_" + token.substring(3))).isFalse();
    assertThat(KeyFormat.isWellFormed("cb4985f91f740272c0234202299f43808034d7f5")).isFalse();
  }

  @Test
  void rejectsCharactersOutsideTheAlphabetEvenWhereTheChecksumWouldMatch() {
    String token = generator.generate("rk").token();
    int position = token.length() - KeyFormat.CHECKSUM_LENGTH - 1;
    char original = token.charAt(position);
    // Same low byte as the original: a check that looked at bytes only would let it through.
    char lookalike = (char) (0x100 | original);
    String changed = token.substring(0, position) + lookalike + token.substring(position + 1);

    assertThat(KeyFormat.isWellFormed(changed)).isFalse();
    for (char outside : "/:@[`{ \u00e9\uff41".toCharArray()) {
      assertThat(Base62.isDigit(outside)).as("%s", outside).isFalse();
    }
    for (char digit : Base62.ALPHABET.toCharArray()) {
      assertThat(Base62.isDigit(digit)).as("%s", digit).isTrue();
    }
  }

  @Test
  void randomPartUsesTheWholeAlphabet() {
    Set<Character> seen = new HashSet<>();
    IntStream.range(0, 200)
        .mapToObj(i -> generator.generate("rk").token().substring(3, 33))
        .forEach(random -> random.chars().forEach(c -> seen.add((char) c)));
    assertThat(seen).hasSize(62);
  }

  @Test
  void generationFollowsTheInjectedRandomness() {
    GeneratedKey first = new KeyGenerator(deterministic()).generate("rk");
    GeneratedKey second = new KeyGenerator(deterministic()).generate("rk");
    assertThat(first.token()).isEqualTo(second.token());
  }

  @Test
  void hashIsSha256HexAndStartShowsOnlyThePrefixAndFourCharacters() {
    GeneratedKey key = generator.generate("rk");
    assertThat(key.hash()).matches("[0-9a-f]{64}").isEqualTo(KeyHash.sha256Hex(key.token()));
    assertThat(key.start()).hasSize(7).isEqualTo(key.token().substring(0, 7));
    assertThat(key.id()).isEqualTo("key-" + key.hash().substring(0, 16));
    assertThat(key.toString()).doesNotContain(key.token());
    // Known answer: SHA-256 of "abc".
    assertThat(KeyHash.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void invalidPrefixesAreRefused() {
    for (String prefix : List.of("", "r", "RK", "1rk", "rk_x", "abcdefghijklmnopq")) {
      assertThatThrownBy(() -> generator.generate(prefix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("prefix");
    }
  }

  /** A SecureRandom whose sequence is fixed, so two generators produce the same token. */
  private static SecureRandom deterministic() {
    return new SecureRandom() {
      private final java.util.Random source = new java.util.Random(42);

      @Override
      public int nextInt(int bound) {
        return source.nextInt(bound);
      }
    };
  }

  @Test
  void thePrefixCheckAgreesWithTheSchemaPattern() {
    Pattern schema = Pattern.compile(ApiPatterns.PREFIX);
    List<String> samples =
        List.of(
            "",
            "r",
            "rk",
            "Rk",
            "1k",
            "k1",
            "rk_",
            "r-k",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "a0",
            "z9",
            "rk ",
            "é1",
            "a{",
            "a`",
            "a/",
            "a:");
    for (String sample : samples) {
      assertThat(KeyFormat.isValidPrefix(sample))
          .as(sample)
          .isEqualTo(schema.matcher(sample).matches());
    }
  }
}
