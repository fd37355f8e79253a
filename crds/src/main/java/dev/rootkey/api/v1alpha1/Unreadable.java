package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A spec or status that does not fit its Java type (a field of another type than this version
 * knows): kept as it came, so copies and writes carry it unchanged, with why it could not be read.
 */
public interface Unreadable {

  /** Why it could not be read, one line: the field, what was expected and what was found. */
  String problem();

  /** The part as it came; written back as it is. */
  JsonNode raw();

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
