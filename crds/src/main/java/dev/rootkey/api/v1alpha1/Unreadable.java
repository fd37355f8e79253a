package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A spec or status that does not fit its Java type (a field of another type than this version
 * knows): kept as it came, so copies and writes carry it unchanged, with why it could not be read.
 */
public interface Unreadable {

  /**
   * What came and why it could not be read: all an unreadable part holds, whichever type it stands
   * in for.
   *
   * @param raw the part as it came; written back as it is
   * @param problem why it could not be read, one line: the field, what was expected and what was
   *     found
   */
  record Part(JsonNode raw, String problem) {}

  /** What came and why it could not be read. */
  Part part();

  /** Why it could not be read, one line: the field, what was expected and what was found. */
  default String problem() {
    return part().problem();
  }

  /** The part as it came; written back as it is. */
  @JsonValue
  default JsonNode raw() {
    return part().raw();
  }

  /**
   * Whether {@code other} stands for the same type and came as {@code unreadable} did: the equality
   * of every unreadable part, so that one is equal to its copy and never to a readable one.
   */
  static boolean equal(Unreadable unreadable, Object other) {
    return other != null
        && other.getClass() == unreadable.getClass()
        && ((Unreadable) other).raw().equals(unreadable.raw());
  }

  /** Why this RootKey's spec or status cannot be read, if one of them cannot. */
  static Optional<String> problemOf(RootKey rootKey) {
    return problemOf(rootKey.getSpec(), rootKey.getStatus());
  }

  /**
   * Whether this RootKey's spec or status cannot be read: two type checks, allocating nothing, for
   * the verification path.
   */
  static boolean isUnreadable(RootKey rootKey) {
    return rootKey.getSpec() instanceof Unreadable || rootKey.getStatus() instanceof Unreadable;
  }

  /** Why this KeyLeak's spec or status cannot be read, if one of them cannot. */
  static Optional<String> problemOf(KeyLeak leak) {
    return problemOf(leak.getSpec(), leak.getStatus());
  }

  private static Optional<String> problemOf(Object spec, Object status) {
    return Stream.of(spec, status)
        .filter(Unreadable.class::isInstance)
        .map(part -> ((Unreadable) part).problem())
        .reduce((a, b) -> a + "; " + b);
  }
}
