package dev.rootkey.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatchedNamespacesTest {

  @Test
  void unsetOrBlankMeansAllNamespaces() {
    assertThat(WatchedNamespaces.parse(null)).isEmpty();
    assertThat(WatchedNamespaces.parse("  ")).isEmpty();
  }

  @Test
  void namesAreTrimmedAndEmptyEntriesIgnored() {
    assertThat(WatchedNamespaces.parse(" payments, search,,billing ,"))
        .containsExactlyInAnyOrder("payments", "search", "billing");
  }
}
