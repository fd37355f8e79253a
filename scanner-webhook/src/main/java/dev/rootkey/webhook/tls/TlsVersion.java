package dev.rootkey.webhook.tls;

import java.util.Arrays;
import java.util.List;

/** The lowest TLS version the webhook accepts ({@code TLS_MIN_VERSION}). */
public enum TlsVersion {
  TLS_1_2("1.2", List.of("TLSv1.2", "TLSv1.3")),
  TLS_1_3("1.3", List.of("TLSv1.3"));

  private final String value;
  private final List<String> protocols;

  TlsVersion(String value, List<String> protocols) {
    this.value = value;
    this.protocols = protocols;
  }

  /** The JSSE protocol names served from this version up. */
  public List<String> protocols() {
    return protocols;
  }

  /** {@code 1.3} or {@code 1.2}; anything else is refused with the accepted values. */
  public static TlsVersion parse(String value) {
    String trimmed = value.trim();
    return Arrays.stream(values())
        .filter(v -> v.value.equals(trimmed))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "TLS_MIN_VERSION must be 1.3 (default) or 1.2, not '" + value + "'"));
  }

  @Override
  public String toString() {
    return value;
  }
}
