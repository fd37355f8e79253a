package dev.rootkey.webhook.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The permissions a verification asks for, as a tree of names joined by all-of and any-of, judged
 * against a RootKey's granted permissions with {@link PermissionMatcher}'s wildcard rules.
 *
 * <p>Unkey's query {@code a OR b AND (c OR d)} is {@code AnyOf[a, AllOf[b, AnyOf[c, d]]]}; our
 * array form {@code ["a", "b"]} is {@code AllOf[a, b]}. Evaluation stops at the first operand that
 * decides and allocates nothing.
 */
public sealed interface PermissionQuery {

  /** Asks for nothing: every key that passes the other checks passes this one. */
  PermissionQuery NONE = new AllOf(List.of());

  /** Whether the granted permissions (a RootKey's {@code spec.permissions}) satisfy this query. */
  boolean isGrantedBy(List<String> granted);

  /** Every name in the array must be granted: our own array form of {@code permissions}. */
  static PermissionQuery allOf(List<String> names) {
    if (names.isEmpty()) {
      return NONE;
    }
    List<PermissionQuery> operands = new ArrayList<>(names.size());
    for (String name : names) {
      operands.add(new Permission(name));
    }
    return new AllOf(operands);
  }

  /** One permission name; a {@code *} in it is a literal segment, not a wildcard. */
  record Permission(String name) implements PermissionQuery {

    @Override
    public boolean isGrantedBy(List<String> granted) {
      return PermissionMatcher.grants(granted, name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Granted when every operand is; with no operands, always. */
  record AllOf(List<PermissionQuery> operands) implements PermissionQuery {

    public AllOf {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean isGrantedBy(List<String> granted) {
      return !anyIs(false, operands, granted);
    }

    @Override
    public String toString() {
      return join(operands, " AND ");
    }
  }

  /** Granted when at least one operand is. */
  record AnyOf(List<PermissionQuery> operands) implements PermissionQuery {

    public AnyOf {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean isGrantedBy(List<String> granted) {
      return anyIs(true, operands, granted);
    }

    @Override
    public String toString() {
      return join(operands, " OR ");
    }
  }

  // Whether some operand's answer is the given one, stopping at the first: what decides both.
  private static boolean anyIs(
      boolean answer, List<PermissionQuery> operands, List<String> granted) {
    for (int i = 0; i < operands.size(); i++) {
      if (operands.get(i).isGrantedBy(granted) == answer) {
        return true;
      }
    }
    return false;
  }

  // Parenthesised so that the text reads back as the same tree.
  private static String join(List<PermissionQuery> operands, String operator) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        text.append(operator);
      }
      text.append(operands.get(i));
    }
    return text.append(')').toString();
  }
}
