package dev.rootkey.sandbox;

import io.fabric8.kubernetes.api.model.APIResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The smallest OpenAPI v3 documents that let {@code kubectl apply} run with its default {@code
 * --validate=strict}.
 *
 * <p>kubectl asks whether the server does field validation itself: it looks, in {@code
 * /openapi/v3/<group-version>}, for a PATCH operation tagged with the object's group/version/kind
 * that takes a {@code fieldValidation} query parameter. If it finds one it skips client-side schema
 * validation (which would need the full {@code /openapi/v2} protobuf document) and sends {@code
 * ?fieldValidation=Strict}, which the mock server ignores. No schemas are published and no PATCH
 * advertises a request body, so kubectl never picks strategic merge patch from OpenAPI: it uses
 * JSON merge patch for custom resources and its built-in strategic merge patch for built-in kinds
 * (see {@link StrategicMergePatchAdapter}).
 */
final class OpenApiV3 {

  static final String ROOT = "/openapi/v3";

  private OpenApiV3() {}

  /** The {@code /openapi/v3} index: one entry per group/version. */
  static Map<String, Object> root(Map<String, List<APIResource>> resourcesByGroupVersion) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (String gv : resourcesByGroupVersion.keySet()) {
      String relative = apiPrefix(gv).substring(1);
      // The hash only has to change when the document does; kubectl caches by it in memory.
      String hash =
          Integer.toHexString(
              resourcesByGroupVersion.get(gv).stream()
                  .map(APIResource::getName)
                  .toList()
                  .hashCode());
      paths.put(relative, Map.of("serverRelativeURL", ROOT + "/" + relative + "?hash=" + hash));
    }
    return Map.of("paths", paths);
  }

  /** The document for {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}. */
  static Optional<Map<String, Object>> groupVersion(
      String path, Map<String, List<APIResource>> resourcesByGroupVersion) {
    String relative = path.substring(ROOT.length());
    String gv;
    if (relative.equals("/api/v1")) {
      gv = "v1";
    } else if (relative.startsWith("/apis/")) {
      gv = relative.substring("/apis/".length());
    } else {
      return Optional.empty();
    }
    List<APIResource> resources = resourcesByGroupVersion.get(gv);
    if (resources == null) {
      return Optional.empty();
    }
    int slash = gv.indexOf('/');
    String group = slash < 0 ? "" : gv.substring(0, slash);
    String version = gv.substring(slash + 1);
    Map<String, Object> paths = new LinkedHashMap<>();
    for (APIResource resource : resources) {
      if (resource.getName().contains("/")) {
        continue; // subresources need no entry
      }
      String itemPath =
          apiPrefix(gv)
              + (Boolean.TRUE.equals(resource.getNamespaced()) ? "/namespaces/{namespace}" : "")
              + "/"
              + resource.getName()
              + "/{name}";
      Map<String, Object> patch = new LinkedHashMap<>();
      patch.put(
          "x-kubernetes-group-version-kind",
          Map.of("group", group, "version", version, "kind", resource.getKind()));
      patch.put(
          "parameters",
          List.of(
              Map.of(
                  "name", "fieldValidation", "in", "query", "schema", Map.of("type", "string"))));
      paths.put(itemPath, Map.of("patch", patch));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.0");
    doc.put("info", Map.of("title", "Kubernetes (fabric8 mock)", "version", "v1"));
    doc.put("paths", paths);
    return Optional.of(doc);
  }

  private static String apiPrefix(String gv) {
    return gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
  }
}
