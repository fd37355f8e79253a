package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;

/** Helpers to rewrite a recorded request before the CRUD store sees it. */
final class Requests {

  private Requests() {}

  static String pathOnly(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  static JsonNode jsonBody(RecordedRequest request) {
    // getBytes() leaves the body unread: getUtf8Body() would consume it, and a request passed on
    // unchanged would then reach the store empty.
    return Serialization.unmarshal(
        new String(request.getBody().getBytes(), StandardCharsets.UTF_8), JsonNode.class);
  }

  /** A copy of {@code request} with {@code body} as its JSON body and the given content type. */
  static RecordedRequest withBody(RecordedRequest request, JsonNode body, String contentType) {
    byte[] bytes = Serialization.asJson(body).getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        request
            .getHeaders()
            .newBuilder()
            .set("Content-Type", contentType)
            .set("Content-Length", String.valueOf(bytes.length))
            .build(),
        new Buffer(bytes));
  }
}
