package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rewrites a JSON merge patch (RFC 7386) as the equivalent JSON patch (RFC 6902).
 *
 * <p>The CRUD store applies a merge patch with Jackson's "read for updating", which appends to
 * arrays instead of replacing them: re-applying a RootKey whose {@code spec.permissions} changed
 * would keep the old entries. Its JSON patch support is correct, so the merge patch is translated
 * against the object's current state.
 */
final class MergePatchAdapter {

  static final String MERGE = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";

  private MergePatchAdapter() {}

  /**
   * @param current reads the stored object at a path (without query), if any
   */
  static RecordedRequest adapt(
      RecordedRequest request, Function<String, Optional<JsonNode>> current) {
    String contentType = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod())
        || contentType == null
        || !contentType.startsWith(MERGE)) {
      return request;
    }
    JsonNode patch = Requests.jsonBody(request);
    Optional<JsonNode> target = current.apply(Requests.pathOnly(request));
    if (!patch.isObject() || target.isEmpty()) {
      return request; // let the store answer (404 for a missing object)
    }
    ArrayNode operations = JsonNodeFactory.instance.arrayNode();
    diff("", target.get(), patch, operations);
    return Requests.withBody(request, operations, JSON_PATCH);
  }

  private static void diff(String pointer, JsonNode target, JsonNode patch, ArrayNode operations) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
      JsonNode existing = target.get(field.getKey());
      JsonNode value = field.getValue();
      if (value.isNull()) {
        if (existing != null) {
          operations.addObject().put("op", "remove").put("path", path);
        }
      } else if (value.isObject() && existing != null && existing.isObject()) {
        diff(path, existing, value, operations);
      } else {
        // "add" on an existing member replaces it, arrays included.
        operations.addObject().put("op", "add").put("path", path).set("value", withoutNulls(value));
      }
    }
  }

  /** A merge patch applied to nothing: the patch with its null members dropped. */
  private static JsonNode withoutNulls(JsonNode value) {
    if (!value.isObject()) {
      return value;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    value
        .fields()
        .forEachRemaining(
            f -> {
              if (!f.getValue().isNull()) {
                copy.set(f.getKey(), withoutNulls(f.getValue()));
              }
            });
    return copy;
  }
}
