package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a strategic merge patch into a JSON merge patch, which the mock server's CRUD store can
 * apply (it answers 415 to strategic merge patch).
 *
 * <p>kubectl sends strategic merge patches for built-in kinds ({@code kubectl apply} of an existing
 * Secret or ConfigMap, {@code kubectl edit}, {@code kubectl label}). Dropping the {@code
 * $}-prefixed directives gives the same result for maps and scalars, which is all Secrets,
 * ConfigMaps and Namespaces carry; lists are replaced instead of merged by key.
 */
final class StrategicMergePatchAdapter {

  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String MERGE = "application/merge-patch+json";

  private StrategicMergePatchAdapter() {}

  static RecordedRequest adapt(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod())
        || contentType == null
        || !contentType.startsWith(STRATEGIC)) {
      return request;
    }
    JsonNode patch = Requests.jsonBody(request);
    stripDirectives(patch);
    return Requests.withBody(request, patch, MERGE);
  }

  private static void stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> directives = new ArrayList<>();
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (name.startsWith("$")) {
          directives.add(name);
        }
      }
      object.remove(directives);
      object.elements().forEachRemaining(StrategicMergePatchAdapter::stripDirectives);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(StrategicMergePatchAdapter::stripDirectives);
    }
  }
}
