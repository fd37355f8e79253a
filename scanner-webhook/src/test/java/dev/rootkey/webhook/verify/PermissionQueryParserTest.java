package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.webhook.verify.PermissionQuery.AllOf;
import dev.rootkey.webhook.verify.PermissionQuery.AnyOf;
import dev.rootkey.webhook.verify.PermissionQuery.Permission;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PermissionQueryParserTest {

  @Test
  void aSingleNameIsThatPermission() throws Exception {
    assertThat(parse("api.payments.verify_key"))
        .isEqualTo(new Permission("api.payments.verify_key"));
    assertThat(parse("  \tapi.*.verify_key\n")).isEqualTo(new Permission("api.*.verify_key"));
  }

  @Test
  void andBindsTighterThanOr() throws Exception {
    assertThat(parse("a OR b AND c"))
        .isEqualTo(new AnyOf(List.of(p("a"), new AllOf(List.of(p("b"), p("c"))))));
    assertThat(parse("a AND b OR c"))
        .isEqualTo(new AnyOf(List.of(new AllOf(List.of(p("a"), p("b"))), p("c"))));
  }

  @Test
  void parenthesesGroup() throws Exception {
    assertThat(parse("(a OR b) AND c"))
        .isEqualTo(new AllOf(List.of(new AnyOf(List.of(p("a"), p("b"))), p("c"))));
    assertThat(parse("((a))")).isEqualTo(p("a"));
    assertThat(parse("(a.read OR a.write)AND(b.read)"))
        .isEqualTo(new AllOf(List.of(new AnyOf(List.of(p("a.read"), p("a.write"))), p("b.read"))));
  }

  @Test
  void chainsOfOneOperatorAreOneNodeInOrder() throws Exception {
    assertThat(parse("a AND b AND c")).isEqualTo(new AllOf(List.of(p("a"), p("b"), p("c"))));
    assertThat(parse("a or b Or c")).isEqualTo(new AnyOf(List.of(p("a"), p("b"), p("c"))));
  }

  @Test
  void operatorsAreCaseInsensitiveWholeWordsOnly() throws Exception {
    assertThat(parse("a and b")).isEqualTo(new AllOf(List.of(p("a"), p("b"))));
    assertThat(parse("a AnD b")).isEqualTo(new AllOf(List.of(p("a"), p("b"))));
    assertThat(parse("ANDROID.read OR oracle.or"))
        .isEqualTo(new AnyOf(List.of(p("ANDROID.read"), p("oracle.or"))));
  }

  @Test
  void malformedQueriesAreRefusedInUnkeysWordsWithThePosition() {
    // Unkey's own 400 tests (svc/api/routes/v2_keys_verify_key/400_test.go) and more.
    Map<String, String> cases =
        Map.of(
            "permission_1 AND",
            "Unexpected end of query. Expected a permission identifier or opening parenthesis.",
            "(permission_1 AND permission_2",
            "Missing closing parenthesis ')' at position 30. Every opening parenthesis must have a"
                + " matching closing parenthesis.",
            "permission_1 AND ()",
            "Empty parentheses found at position 18. Parentheses must contain at least one"
                + " permission or expression.",
            "AND permission_1",
            "Unexpected token 'AND' at position 0. Expected a permission identifier or opening"
                + " parenthesis.",
            "a b",
            "Unexpected token 'b' at position 2. The query appears to have extra content after a"
                + " valid expression.",
            "a)",
            "Unexpected token ')' at position 1. The query appears to have extra content after a"
                + " valid expression.",
            "a AND $b",
            "Invalid character '$' found in query at position 6. Only letters, numbers, dots,"
                + " underscores, hyphens, slashes, colons, asterisks, and parentheses are allowed.",
            "   ",
            "Unexpected end of input. Please provide a valid permission query.");
    cases.forEach(
        (query, detail) ->
            assertThatThrownBy(() -> PermissionQueryParser.parse(query))
                .as(query)
                .isInstanceOf(MalformedPermissionQueryException.class)
                .hasMessage(detail));
  }

  @Test
  void anErrorSaysWhereAndHowToFixIt() {
    MalformedPermissionQueryException e = malformed("a.read OR OR b.read");
    assertThat(e.position()).isEqualTo(10);
    assertThat(e.shortMessage()).isEqualTo("unexpected token 'OR' at position 10");
    assertThat(e.fix()).contains("AND and OR go between two permissions");
    assertThat(malformed("(a").fix()).contains("Close every '('");
  }

  @Test
  void aNameNoRootKeyCanHoldIsRefusedWhereItStands() {
    for (String query : List.of("a OR api..read", "a OR system:admin", "a OR /api/v1", "a OR b.")) {
      MalformedPermissionQueryException e = malformed(query);
      assertThat(e.position()).as(query).isEqualTo(5);
      assertThat(e.getMessage()).as(query).contains("is not a permission");
    }
  }

  @Test
  void atMostAHundredNamesAndAThousandCharacters() throws Exception {
    String hundred = names(100);
    assertThat(parse(hundred)).isInstanceOf(AnyOf.class);
    MalformedPermissionQueryException tooMany = malformed(names(101));
    assertThat(tooMany.position()).isEqualTo(hundred.length() + " OR ".length());
    assertThat(tooMany.getMessage()).contains("Too many permissions");

    String thousand = "a".repeat(1000);
    assertThat(parse(thousand)).isEqualTo(p(thousand));
    assertThat(malformed("a".repeat(1001)).getMessage())
        .isEqualTo("The permission query is 1001 characters long; at most 1000 are allowed.");
  }

  @Test
  void deepNestingWithinTheLengthLimitIsRead() throws Exception {
    String deep = "(".repeat(499) + "a" + ")".repeat(499);
    assertThat(parse(deep)).isEqualTo(p("a"));
  }

  private static String names(int count) {
    return IntStream.range(0, count).mapToObj(i -> "p" + i).collect(Collectors.joining(" OR "));
  }

  private static PermissionQuery parse(String query) throws MalformedPermissionQueryException {
    return PermissionQueryParser.parse(query);
  }

  private static MalformedPermissionQueryException malformed(String query) {
    try {
      PermissionQueryParser.parse(query);
    } catch (MalformedPermissionQueryException e) {
      return e;
    }
    throw new AssertionError("parsed: " + query);
  }

  private static Permission p(String name) {
    return new Permission(name);
  }
}
