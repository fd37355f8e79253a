package dev.rootkey.webhook.verify;

/**
 * Splits a permission query into tokens as Unkey's lexer does: names, {@code AND} and {@code OR} in
 * any case, parentheses, whitespace between them; positions count characters from 0.
 */
final class PermissionQueryLexer {

  enum Type {
    NAME,
    AND,
    OR,
    OPEN,
    CLOSE,
    END
  }

  /** One token and where it starts. */
  record Token(Type type, String text, int position) {}

  private final String query;
  private int position;

  PermissionQueryLexer(String query) {
    this.query = query;
  }

  /** The next token; {@link Type#END} at the end, again and again. */
  Token next() throws MalformedPermissionQueryException {
    while (position < query.length() && isWhitespace(query.charAt(position))) {
      position++;
    }
    if (position == query.length()) {
      return new Token(Type.END, "", position);
    }
    int start = position;
    char c = query.charAt(position);
    if (c == '(' || c == ')') {
      position++;
      return new Token(c == '(' ? Type.OPEN : Type.CLOSE, String.valueOf(c), start);
    }
    if (!isNameCharacter(c)) {
      throw MalformedPermissionQueryException.invalidCharacter(c, start);
    }
    while (position < query.length() && isNameCharacter(query.charAt(position))) {
      position++;
    }
    // A word is read whole, so "ANDROID" or "or.read" are names, not operators.
    String word = query.substring(start, position);
    if (word.equalsIgnoreCase("AND")) {
      return new Token(Type.AND, word, start);
    }
    if (word.equalsIgnoreCase("OR")) {
      return new Token(Type.OR, word, start);
    }
    return new Token(Type.NAME, word, start);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  // Unkey's name characters (ASCII only here): what cannot be ours is refused after lexing, by
  // name, rather than as a stray character in the middle of one.
  private static boolean isNameCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-'
        || c == '*'
        || c == ':'
        || c == '/';
  }
}
