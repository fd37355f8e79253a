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
    return positioned(
        "Invalid character '"
            + c
            + "' found in query at position %d. Only letters, numbers, dots,"
            + " underscores, hyphens, slashes, colons, asterisks, and parentheses are allowed.",
        "invalid character '" + c + "'",
        position,
        NAME_HINT);
  }

  static MalformedPermissionQueryException notAPermission(String name, int position) {
    return positioned(
        "'"
            + name
            + "' at position %d is not a permission: use dot-separated segments of"
            + " letters, digits, '_' and '-', or '*' for a whole segment, e.g."
            + " api.payments.verify_key.",
        "'" + name + "' is not a permission",
        position,
        NAME_HINT);
  }

  // The detail has %d where Unkey puts the position; the short message ends with it.
  private static MalformedPermissionQueryException positioned(
      String detail, String what, int position, String fix) {
    return new MalformedPermissionQueryException(
        detail.replace("%d", Integer.toString(position)),
        position,
        what + " at position " + position,
        fix);
  }

  static MalformedPermissionQueryException tooManyNames(int limit, int position) {
    return positioned(
        "Too many permissions in query: the name at position %d is one more than the "
            + limit
            + " allowed.",
        "more than " + limit + " permission names, from the one",
        position,
        "Ask for at most " + limit + " permissions in one verification");
  }

  static MalformedPermissionQueryException emptyParentheses(int position) {
    return positioned(
        "Empty parentheses found at position %d. Parentheses must contain at least one permission"
            + " or expression.",
        "empty parentheses", position, PARENTHESIS_HINT);
  }

  static MalformedPermissionQueryException missingClose(int position) {
    return positioned(
        "Missing closing parenthesis ')' at position %d. Every opening parenthesis must have a"
            + " matching closing parenthesis.",
        "missing ')'", position, PARENTHESIS_HINT);
  }

  static MalformedPermissionQueryException unexpectedEnd(int position) {
    // Unkey's detail has no position here; the short message does.
    return positioned(
        "Unexpected end of query. Expected a permission identifier or opening parenthesis.",
        "unexpected end of query",
        position,
        OPERATOR_HINT);
  }

  static MalformedPermissionQueryException unexpectedToken(String token, int position) {
    return positioned(
        "Unexpected token '"
            + token
            + "' at position %d. Expected a permission identifier or"
            + " opening parenthesis.",
        "unexpected token '" + token + "'",
        position,
        token.equals(")") ? PARENTHESIS_HINT : OPERATOR_HINT);
  }

  static MalformedPermissionQueryException trailingToken(String token, int position) {
    return positioned(
        "Unexpected token '"
            + token
            + "' at position %d. The query appears to have extra content"
            + " after a valid expression.",
        "unexpected token '" + token + "'",
        position,
        token.equals(")")
            ? PARENTHESIS_HINT
            : "Join permissions with AND or OR: two permissions side by side mean nothing");
  }
}
