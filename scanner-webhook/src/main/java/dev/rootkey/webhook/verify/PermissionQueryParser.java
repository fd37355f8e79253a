package dev.rootkey.webhook.verify;

import dev.rootkey.webhook.verify.PermissionQueryLexer.Token;
import dev.rootkey.webhook.verify.PermissionQueryLexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads Unkey's permission query ({@code "a.read AND (b.write OR c.admin)"}) into a {@link
 * PermissionQuery}, by Unkey's grammar: {@code AND} binds tighter than {@code OR}, both in any
 * case, parentheses group, at most 1000 characters and 100 names.
 *
 * <p>Grammar, by recursive descent: {@code query = all (OR all)*}, {@code all = operand (AND
 * operand)*}, {@code operand = NAME | "(" query ")"}. Every name must also be one of our
 * permissions (dot-separated segments, {@code *} for a whole segment): a name no RootKey can hold
 * is refused where it stands rather than answered as never granted. Errors carry Unkey's wording,
 * the position and a hint. Nesting is bounded by the length limit, so recursion stays shallow.
 */
public final class PermissionQueryParser {

  /** Unkey's limits: the request schema's maxLength and its parser's documented name count. */
  public static final int MAX_LENGTH = 1000;

  public static final int MAX_NAMES = 100;

  private PermissionQueryParser() {}

  /** The query as a tree, or why it is not one. */
  public static PermissionQuery parse(String query) throws MalformedPermissionQueryException {
    if (query.length() > MAX_LENGTH) {
      throw MalformedPermissionQueryException.tooLong(query.length(), MAX_LENGTH);
    }
    return new Reading(query).query();
  }

  /** One pass over one query: the lexer and the current token. */
  private static final class Reading {

    private final PermissionQueryLexer lexer;
    private Token current;
    private int names;

    Reading(String query) {
      lexer = new PermissionQueryLexer(query);
    }

    PermissionQuery query() throws MalformedPermissionQueryException {
      advance();
      if (current.type() == Type.END) {
        throw MalformedPermissionQueryException.empty(current.position());
      }
      PermissionQuery query = anyOf();
      if (current.type() != Type.END) {
        throw MalformedPermissionQueryException.trailingToken(current.text(), current.position());
      }
      return query;
    }

    private PermissionQuery anyOf() throws MalformedPermissionQueryException {
      return chain(Type.OR, this::allOf, PermissionQuery.AnyOf::new);
    }

    private PermissionQuery allOf() throws MalformedPermissionQueryException {
      return chain(Type.AND, this::operand, PermissionQuery.AllOf::new);
    }

    // One or more operands joined by one operator; a single one stands alone, not in a group.
    private PermissionQuery chain(
        Type operator, Operand next, Function<List<PermissionQuery>, PermissionQuery> group)
        throws MalformedPermissionQueryException {
      PermissionQuery first = next.read();
      if (current.type() != operator) {
        return first;
      }
      List<PermissionQuery> operands = new ArrayList<>();
      operands.add(first);
      while (current.type() == operator) {
        advance();
        operands.add(next.read());
      }
      return group.apply(operands);
    }

    private PermissionQuery operand() throws MalformedPermissionQueryException {
      Token token = current;
      switch (token.type()) {
        case NAME -> {
          if (++names > MAX_NAMES) {
            throw MalformedPermissionQueryException.tooManyNames(MAX_NAMES, token.position());
          }
          if (!PermissionMatcher.isPermission(token.text())) {
            throw MalformedPermissionQueryException.notAPermission(token.text(), token.position());
          }
          advance();
          return new PermissionQuery.Permission(token.text());
        }
        case OPEN -> {
          advance();
          if (current.type() == Type.CLOSE) {
            throw MalformedPermissionQueryException.emptyParentheses(current.position());
          }
          PermissionQuery inner = anyOf();
          if (current.type() != Type.CLOSE) {
            throw MalformedPermissionQueryException.missingClose(current.position());
          }
          advance();
          return inner;
        }
        case END -> throw MalformedPermissionQueryException.unexpectedEnd(token.position());
        default ->
            throw MalformedPermissionQueryException.unexpectedToken(token.text(), token.position());
      }
    }

    private void advance() throws MalformedPermissionQueryException {
      current = lexer.next();
    }
  }

  /** Reads the next operand of a chain. */
  private interface Operand {
    PermissionQuery read() throws MalformedPermissionQueryException;
  }
}
