package dev.rootkey.webhook.partner;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One element of our answer to a leak report (GitHub reads it; GitLab needs only the 2xx), {@code
 * {"token_raw", "token_type", "label"}}.
 *
 * <p>The raw token rather than {@code token_hash}, whose encoding GitHub does not document: GitHub
 * already has the token.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"token_raw", "token_type", "label"})
public record TokenVerdict(String tokenRaw, String tokenType, VerdictLabel label) {

  public TokenVerdict {
    Objects.requireNonNull(tokenRaw, "tokenRaw");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(label, "label");
  }

  /** Answers with the token and its type exactly as GitHub sent them. */
  public static TokenVerdict of(ReportedToken match, VerdictLabel label) {
    return new TokenVerdict(match.token(), match.type(), label);
  }

  /** Leaves the token out: a leaked key must never reach a log line. */
  @Override
  public String toString() {
    return "TokenVerdict[tokenRaw=<redacted>, tokenType=" + tokenType + ", label=" + label + "]";
  }
}
