package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Helpers to rewrite a recorded request before the CRUD store sees it. */
final class Requests {

  private Requests() {}

  static String pathOnly(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** The decoded value of a query parameter of {@code uri}, or null. */
  static String queryParameter(String uri, String name) {
    for (String pair : query(uri)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** {@code uri} without the named query parameters. */
  static String withoutQueryParameters(String uri, Set<String> names) {
    List<String> kept = new ArrayList<>();
    for (String pair : query(uri)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (!names.contains(key)) {
        kept.add(pair);
      }
    }
    String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
    return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
  }

  /** A copy of {@code request} for another URI (path and query). */
  static RecordedRequest withUri(RecordedRequest request, String uri) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        uri,
        request.getHeaders(),
        new Buffer(request.getBody().getBytes()));
  }

  private static List<String> query(String uri) {
    int q = uri.indexOf('?');
    if (q < 0 || q == uri.length() - 1) {
      return List.of();
    }
    return List.of(uri.substring(q + 1).split("&"));
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
