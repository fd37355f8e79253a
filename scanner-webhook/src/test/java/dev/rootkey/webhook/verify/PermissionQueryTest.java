package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionQueryTest {

  private static final List<String> BILLING = List.of("api.*.verify_key", "ratelimit.read");

  @Test
  void aWildcardGrantSatisfiesTheNameItStandsFor() throws Exception {
    assertThat(granted("api.payments.verify_key", BILLING)).isTrue();
    assertThat(granted("api.payments.create_key", BILLING)).isFalse();
    assertThat(granted("api.verify_key", BILLING)).isFalse();
  }

  @Test
  void aWildcardAskedIsLiteralAndNotGrantedByOneApi() throws Exception {
    assertThat(granted("api.*.verify_key", List.of("api.payments.verify_key"))).isFalse();
    assertThat(granted("api.*.verify_key", BILLING)).isTrue();
  }

  @Test
  void allOfNeedsEveryOperandAndAnyOfOne() throws Exception {
    assertThat(granted("api.payments.verify_key AND ratelimit.read", BILLING)).isTrue();
    assertThat(granted("api.payments.verify_key AND ratelimit.write", BILLING)).isFalse();
    assertThat(granted("ratelimit.write OR api.payments.verify_key", BILLING)).isTrue();
    assertThat(granted("ratelimit.write OR api.payments.create_key", BILLING)).isFalse();
  }

  @Test
  void precedenceDecidesTheAnswer() throws Exception {
    // OR (AND): the second group alone grants it; (OR) AND: the AND then fails.
    assertThat(granted("admin.all OR ratelimit.read AND api.x.verify_key", BILLING)).isTrue();
    assertThat(granted("(admin.all OR ratelimit.read) AND api.x.create_key", BILLING)).isFalse();
    assertThat(granted("admin.all AND ratelimit.read OR api.x.verify_key", BILLING)).isTrue();
  }

  @Test
  void theArrayFormNeedsEveryName() {
    assertThat(
            PermissionQuery.allOf(List.of("api.a.verify_key", "ratelimit.read"))
                .isGrantedBy(BILLING))
        .isTrue();
    assertThat(PermissionQuery.allOf(List.of("api.a.verify_key", "x.y")).isGrantedBy(BILLING))
        .isFalse();
    assertThat(PermissionQuery.allOf(List.of())).isSameAs(PermissionQuery.NONE);
  }

  @Test
  void askingNothingIsGrantedEvenWithoutPermissions() {
    assertThat(PermissionQuery.NONE.isGrantedBy(List.of())).isTrue();
    assertThat(PermissionQuery.NONE.isGrantedBy(null)).isTrue();
  }

  @Test
  void noPermissionsGrantNothingAsked() throws Exception {
    assertThat(granted("a OR b", List.of())).isFalse();
    assertThat(granted("a", null)).isFalse();
  }

  @Test
  void aQueryReadsBackAsTheSameTree() throws Exception {
    assertThat(PermissionQueryParser.parse("a OR b AND (c or d)").toString())
        .isEqualTo("(a OR (b AND (c OR d)))");
  }

  private static boolean granted(String query, List<String> granted) throws Exception {
    return PermissionQueryParser.parse(query).isGrantedBy(granted);
  }
}
