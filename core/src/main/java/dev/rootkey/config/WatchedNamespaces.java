package dev.rootkey.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ROOTKEY_NAMESPACES}, read the same way by the operator and the scanner-webhook, so both
 * always act on the same RootKeys.
 */
public final class WatchedNamespaces {

  /** The environment variable both services read. */
  public static final String VARIABLE = "ROOTKEY_NAMESPACES";

  private WatchedNamespaces() {}

  /**
   * @param value comma-separated namespace names; spaces around names and empty entries are ignored
   * @return the namespaces; empty (for an unset or blank value) means all of them
   */
  public static Set<String> parse(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
