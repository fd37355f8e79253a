package dev.rootkey.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.key.KeyFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code alert} prints of the webhook's taken answer: the verdict per token, each token shown
 * by its first few characters only, as the answer echoes the plaintext tokens back.
 */
final class RedactedVerdicts {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** At most this share of a token that is not one of our keys is shown (1/4). */
  private static final int SHOWN_PART = 4;

  private RedactedVerdicts() {}

  /**
   * The status, then a line per verdict: token start, type, label. An answer without verdicts (a
   * Token Revocation API's 204) says how many tokens were sent; one that does not read as verdicts
   * is not shown, as it may hold a token anywhere.
   */
  static String of(int status, String body, int tokensSent) {
    if (body.isBlank()) {
      return status
          + " taken, no verdicts in the answer ("
          + tokensSent
          + (tokensSent == 1 ? " token" : " tokens")
          + " sent)";
    }
    List<String> lines = new ArrayList<>();
    try {
      JsonNode verdicts = JSON.readTree(body);
      if (!verdicts.isArray()) {
        return status + " (the answer is not a list of verdicts: not shown)";
      }
      lines.add(status + " verdicts:");
      for (JsonNode verdict : verdicts) {
        lines.add(
            "  "
                + shown(verdict.path("token_raw").asText())
                + "  "
                + verdict.path("token_type").asText()
                + "  "
                + verdict.path("label").asText());
      }
    } catch (JsonProcessingException e) {
      return status + " (the answer is not JSON: not shown)";
    }
    return String.join("\n", lines);
  }

  /**
   * Our key by its visible start, as {@code kubectl get rk} shows it; any other token by at most a
   * quarter of it, so that no token is ever printed whole.
   */
  static String shown(String token) {
    String start =
        KeyFormat.isWellFormed(token)
            ? KeyFormat.visibleStart(token)
            : token.substring(
                0, Math.min(KeyFormat.VISIBLE_START_LENGTH, token.length() / SHOWN_PART));
    return start + "...";
  }
}
