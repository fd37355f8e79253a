package dev.rootkey.webhook.verify;

/**
 * Why a permission query cannot be read, and where: the detail in Unkey's words, a short message
 * with the position, and a hint how to fix it. Safe to send back: a query never holds a key.
 */
public final class MalformedPermissionQueryException extends Exception {

  private static final String OPERATOR_HINT =
      "AND and OR go between two permissions or parenthesised groups, never at the start or end";
  private static final String PARENTHESIS_HINT =
      "Close every '(' with a ')' and put at least one permission between them";
  private static final String NAME_HINT =
      "A permission is dot-separated segments of letters, digits, '_' and '-', or '*' for a whole"
          + " segment, e.g. api.payments.verify_key; join permissions with AND / OR";

  private final int position;
  private final String shortMessage;
  private final String fix;

  private MalformedPermissionQueryException(
      String detail, int position, String shortMessage, String fix) {
    // No stack trace: this is an answer to a client, built on the request path.
    super(detail, null, false, false);
    this.position = position;
    this.shortMessage = shortMessage;
    this.fix = fix;
  }

  /** Where the problem is, counting characters of the query from 0. */
  public int position() {
    return position;
  }

  /** What is wrong, with the position, in a few words. */
  public String shortMessage() {
    return shortMessage;
  }

  /** How to fix it. */
  public String fix() {
    return fix;
  }

  static MalformedPermissionQueryException empty(int position) {
    return new MalformedPermissionQueryException(
        "Unexpected end of input. Please provide a valid permission query.",
        position,
        "the query is empty",
        "Ask for a permission, e.g. api.payments.verify_key, or leave permissions out");
  }

  static MalformedPermissionQueryException tooLong(int length, int limit) {
    return new MalformedPermissionQueryException(
        "The permission query is "
            + length
            + " characters long; at most "
            + limit
            + " are allowed.",
        limit,
        "the query is longer than " + limit + " characters",
        "Ask for fewer permissions, or group them under a wildcard grant");
  }

  static MalformedPermissionQueryException invalidCharacter(char c, int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Invalid character '%c' found in query at position %d. Only letters, numbers, dots,"
                + " underscores, hyphens, slashes, colons, asterisks, and parentheses are allowed.",
            c, position),
        position,
        String.format("invalid character '%c' at position %d", c, position),
        NAME_HINT);
  }

  static MalformedPermissionQueryException notAPermission(String name, int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "'%s' at position %d is not a permission: use dot-separated segments of letters,"
                + " digits, '_' and '-', or '*' for a whole segment, e.g. api.payments.verify_key.",
            name, position),
        position,
        String.format("'%s' at position %d is not a permission", name, position),
        NAME_HINT);
  }

  static MalformedPermissionQueryException tooManyNames(int limit, int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Too many permissions in query: the name at position %d is one more than the %d"
                + " allowed.",
            position, limit),
        position,
        String.format("more than %d permission names (from position %d)", limit, position),
        "Ask for at most " + limit + " permissions in one verification");
  }

  static MalformedPermissionQueryException emptyParentheses(int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Empty parentheses found at position %d. Parentheses must contain at least one"
                + " permission or expression.",
            position),
        position,
        String.format("empty parentheses at position %d", position),
        PARENTHESIS_HINT);
  }

  static MalformedPermissionQueryException missingClose(int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Missing closing parenthesis ')' at position %d. Every opening parenthesis must have"
                + " a matching closing parenthesis.",
            position),
        position,
        String.format("missing ')' at position %d", position),
        PARENTHESIS_HINT);
  }

  static MalformedPermissionQueryException unexpectedEnd(int position) {
    return new MalformedPermissionQueryException(
        "Unexpected end of query. Expected a permission identifier or opening parenthesis.",
        position,
        String.format("unexpected end of query at position %d", position),
        OPERATOR_HINT);
  }

  static MalformedPermissionQueryException unexpectedToken(String token, int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Unexpected token '%s' at position %d. Expected a permission identifier or opening"
                + " parenthesis.",
            token, position),
        position,
        String.format("unexpected token '%s' at position %d", token, position),
        token.equals(")") ? PARENTHESIS_HINT : OPERATOR_HINT);
  }

  static MalformedPermissionQueryException trailingToken(String token, int position) {
    return new MalformedPermissionQueryException(
        String.format(
            "Unexpected token '%s' at position %d. The query appears to have extra content after"
                + " a valid expression.",
            token, position),
        position,
        String.format("unexpected token '%s' at position %d", token, position),
        token.equals(")")
            ? PARENTHESIS_HINT
            : "Join permissions with AND or OR: two permissions side by side mean nothing");
  }
}
