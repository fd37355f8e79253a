package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;

/** What an answer of the scanner-webhook other than 200 means to whoever sent the alert. */
final class WebhookAnswer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookAnswer() {}

  /**
   * One line: what the webhook at {@code webhook} (known from {@code origin}) said, and the fix.
   *
   * @param credential what a 401 refused, e.g. "the alert's signature"
   * @param credentialFix why it was refused and what to pass instead
   */
  static String explain(
      int status,
      String body,
      URI webhook,
      String origin,
      String credential,
      String credentialFix) {
    JsonNode json = json(body);
    String said = status + ": " + message(body, json);
    if ("Status".equals(json.path("kind").asText())) {
      // A Kubernetes API server answers with a Status: the sandbox's own, most likely.
      return webhook
          + " ("
          + origin
          + ") is a Kubernetes API server, not the scanner-webhook ("
          + said
          + "): pass --webhook the scanner-webhook URL the sandbox printed";
    }
    return switch (status) {
      case 401 ->
          "the scanner-webhook at "
              + webhook
              + " refused "
              + credential
              + " ("
              + said
              + "): "
              + credentialFix;
      case 404, 405 ->
          webhook
              + " ("
              + origin
              + ") has no secret-scanning endpoint ("
              + said
              + "): pass --webhook the scanner-webhook URL the sandbox printed";
      case 503 ->
          "the scanner-webhook at "
              + webhook
              + " is not ready ("
              + said
              + "): try again in a few seconds";
      case 413 ->
          "the scanner-webhook at "
              + webhook
              + " refused the alert as too large ("
              + said
              + "): send fewer --token at once";
      default -> "the scanner-webhook at " + webhook + " refused the alert (" + said + ")";
    };
  }

  /** The body as JSON, or a missing node when it is not JSON. */
  private static JsonNode json(String body) {
    try {
      return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      // Not JSON: from something else than the webhook; its text is still worth showing.
      return MissingNode.getInstance();
    }
  }

  /** The answer's {"message": ...}, or the body itself on one line. */
  private static String message(String body, JsonNode json) {
    if (json.path("message").isTextual()) {
      return OneLineErrors.oneLine(json.path("message").asText());
    }
    return body == null || body.isBlank() ? "no message" : OneLineErrors.oneLine(body);
  }
}
