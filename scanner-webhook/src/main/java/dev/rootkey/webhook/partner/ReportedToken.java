package dev.rootkey.webhook.partner;

import java.util.Objects;
import java.util.Optional;

/**
 * One token a host reports: the token, the pattern name we registered, and where it was found.
 *
 * @param url where it was found, exactly as sent: it may be empty or start with a space
 * @param source what kind of place ({@code commit}, {@code npm}, ...): an open-ended list
 */
public record ReportedToken(
    String token, String type, Optional<String> url, Optional<String> source) {

  public ReportedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(source, "source");
  }

  /** Leaves the token out: a leaked key must never reach a log line. */
  @Override
  public String toString() {
    return "ReportedToken[token=<redacted>, type="
        + type
        + ", url="
        + url.orElse(null)
        + ", source="
        + source.orElse(null)
        + "]";
  }
}
