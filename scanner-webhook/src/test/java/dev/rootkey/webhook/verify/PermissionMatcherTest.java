package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.ApiPatterns;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PermissionMatcherTest {

  @Test
  void aLiteralGrantCoversExactlyThatPermission() {
    List<String> granted = List.of("api.payments.verify_key");
    assertThat(PermissionMatcher.grants(granted, "api.payments.verify_key")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "api.payments.create_key")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "api.payments")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "api.payments.verify_key.x")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "API.payments.verify_key")).isFalse();
  }

  @Test
  void aWildcardSegmentStandsForExactlyOneWholeSegment() {
    List<String> granted = List.of("api.*.verify_key");
    assertThat(PermissionMatcher.grants(granted, "api.payments.verify_key")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "api.search-v2.verify_key")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "api.verify_key")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "api.a.b.verify_key")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "api.payments.create_key")).isFalse();
  }

  @Test
  void aTrailingWildcardDoesNotReachDeeperSegments() {
    List<String> granted = List.of("api.*");
    assertThat(PermissionMatcher.grants(granted, "api.a")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "api.a.b")).isFalse();
    assertThat(PermissionMatcher.grants(granted, "api")).isFalse();
    assertThat(PermissionMatcher.grants(List.of("*"), "api")).isTrue();
    assertThat(PermissionMatcher.grants(List.of("*"), "api.a")).isFalse();
    assertThat(PermissionMatcher.grants(List.of("*.*.*"), "api.a.b")).isTrue();
  }

  @Test
  void thereAreNoPartialSegmentOrMultiSegmentWildcards() {
    assertThat(PermissionMatcher.grants(List.of("api.pay*.verify_key"), "api.payments.verify_key"))
        .isFalse();
    assertThat(PermissionMatcher.grants(List.of("api.**"), "api.a.b")).isFalse();
    assertThat(PermissionMatcher.grants(List.of("api.**"), "api.a")).isFalse();
  }

  @Test
  void aWildcardInARequestIsALiteralSegmentOnlyAWildcardGrantCovers() {
    assertThat(PermissionMatcher.grants(List.of("api.payments.verify_key"), "api.*.verify_key"))
        .isFalse();
    assertThat(PermissionMatcher.grants(List.of("api.*.verify_key"), "api.*.verify_key")).isTrue();
    assertThat(PermissionMatcher.grants(List.of("*.*.verify_key"), "api.*.verify_key")).isTrue();
  }

  @Test
  void anyOneGrantSuffices() {
    List<String> granted = List.of("ratelimit.read", "api.*.verify_key", "api.billing.*");
    assertThat(PermissionMatcher.grants(granted, "api.billing.create_key")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "ratelimit.read")).isTrue();
    assertThat(PermissionMatcher.grants(granted, "ratelimit.write")).isFalse();
    assertThat(PermissionMatcher.grants(List.of(), "ratelimit.read")).isFalse();
  }

  @Test
  void malformedRequestsAndGrantsNeverMatch() {
    for (String bad : List.of("", ".", "api.", ".api", "api..x", "api x", "api/x")) {
      assertThat(PermissionMatcher.grants(List.of("*", "*.*", bad), bad)).as(bad).isFalse();
    }
    assertThat(PermissionMatcher.grants(List.of("*"), null)).isFalse();
    assertThat(PermissionMatcher.grants(List.of("api..x"), "api.a.x")).isFalse();
    assertThat(PermissionMatcher.grants(null, "api")).isFalse();
  }

  @Test
  void thePermissionSyntaxIsTheSchemas() {
    Pattern schema = Pattern.compile(ApiPatterns.PERMISSION);
    List<String> samples =
        List.of(
            "api",
            "api.*.verify_key",
            "*",
            "*.*",
            "a-b_c.D9",
            "",
            ".",
            "a.",
            ".a",
            "a..b",
            "a.*x",
            "**",
            "a b",
            "a/b",
            "é",
            "a.*.",
            "api.payments.verify_key");
    for (String sample : samples) {
      assertThat(PermissionMatcher.isPermission(sample))
          .as(sample)
          .isEqualTo(schema.matcher(sample).matches());
    }
  }
}
