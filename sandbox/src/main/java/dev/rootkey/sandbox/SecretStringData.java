package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Folds a Secret's {@code stringData} into base64 {@code data} on writes, as a real API server
 * does; the CRUD store would otherwise keep {@code stringData} and leave {@code data} empty.
 */
final class SecretStringData {

  private static final Pattern SECRET_PATH =
      Pattern.compile("/api/v1/namespaces/[^/]+/secrets(/[^/]+)?");

  private SecretStringData() {}

  static RecordedRequest adapt(RecordedRequest request) {
    String method = request.getMethod();
    boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    if (!write
        || request.getBody().size() == 0
        || !SECRET_PATH.matcher(Requests.pathOnly(request)).matches()) {
      return request;
    }
    JsonNode body = Requests.jsonBody(request);
    // A JSON patch (an array of operations) is left alone.
    if (!(body instanceof ObjectNode secret) || !secret.path("stringData").isObject()) {
      return request;
    }
    JsonNode stringData = secret.remove("stringData");
    ObjectNode data =
        secret.path("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
    for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isNull()) {
        data.putNull(entry.getKey()); // a merge patch removing the key
      } else {
        data.put(
            entry.getKey(),
            Base64.getEncoder()
                .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return Requests.withBody(request, secret, request.getHeader("Content-Type"));
  }
}
