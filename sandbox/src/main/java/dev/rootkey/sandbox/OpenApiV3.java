package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads: {@code kubectl apply} with its default {@code
 * --validate=strict}, and {@code kubectl explain}, which (in kubectl 1.27 and later) renders a
 * kind's schema from {@code /openapi/v3/<group-version>}.
 *
 * <p>kubectl asks whether the server does field validation itself: it looks for a PATCH operation
 * tagged with the object's group/version/kind that takes a {@code fieldValidation} query parameter.
 * If it finds one it skips client-side schema validation (which would need the full {@code
 * /openapi/v2} protobuf document) and sends {@code ?fieldValidation=Strict}, which the mock server
 * ignores. No PATCH advertises a request body, so kubectl never picks strategic merge patch from
 * OpenAPI: it uses JSON merge patch for custom resources and its built-in strategic merge patch for
 * built-in kinds (see {@link StrategicMergePatchAdapter}).
 *
 * <p>The schemas are those of the CRDs in the store, with apiVersion, kind and metadata added as a
 * real server publishes them; built-in kinds have none, so {@code kubectl explain} knows only the
 * custom resources.
 */
final class OpenApiV3 {

  static final String ROOT = "/openapi/v3";

  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  private OpenApiV3() {}

  /** The {@code /openapi/v3} index: one entry per group/version. */
  static Map<String, Object> root(
      Map<String, List<APIResource>> resourcesByGroupVersion, List<JsonNode> crds) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (String gv : resourcesByGroupVersion.keySet()) {
      String relative = apiPrefix(gv).substring(1);
      // kubectl caches a document by its hash: the hash changes when the document does.
      String hash = hash(Serialization.asJson(document(gv, resourcesByGroupVersion, crds)));
      paths.put(relative, Map.of("serverRelativeURL", ROOT + "/" + relative + "?hash=" + hash));
    }
    return Map.of("paths", paths);
  }

  /** The document for {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}. */
  static Optional<Map<String, Object>> groupVersion(
      String path, Map<String, List<APIResource>> resourcesByGroupVersion, List<JsonNode> crds) {
    String relative = path.substring(ROOT.length());
    String gv;
    if (relative.equals("/api/v1")) {
      gv = "v1";
    } else if (relative.startsWith("/apis/")) {
      gv = relative.substring("/apis/".length());
    } else {
      return Optional.empty();
    }
    if (!resourcesByGroupVersion.containsKey(gv)) {
      return Optional.empty();
    }
    return Optional.of(document(gv, resourcesByGroupVersion, crds));
  }

  private static Map<String, Object> document(
      String gv, Map<String, List<APIResource>> resourcesByGroupVersion, List<JsonNode> crds) {
    int slash = gv.indexOf('/');
    String group = slash < 0 ? "" : gv.substring(0, slash);
    String version = gv.substring(slash + 1);
    Map<String, Object> paths = new LinkedHashMap<>();
    for (APIResource resource : resourcesByGroupVersion.get(gv)) {
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
      patch.put("x-kubernetes-group-version-kind", gvk(group, version, resource.getKind()));
      patch.put(
          "parameters",
          List.of(
              Map.of(
                  "name", "fieldValidation", "in", "query", "schema", Map.of("type", "string"))));
      paths.put(itemPath, Map.of("patch", patch));
    }
    Map<String, Object> schemas = new LinkedHashMap<>();
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)) {
        continue;
      }
      for (JsonNode served : spec.path("versions")) {
        JsonNode schema = served.at("/schema/openAPIV3Schema");
        if (served.path("name").asText().equals(version) && schema.isObject()) {
          String kind = spec.at("/names/kind").asText();
          schemas.put(
              schemaName(group, version, kind),
              withObjectFields((ObjectNode) schema.deepCopy(), group, version, kind));
        }
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.0");
    doc.put("info", Map.of("title", "Kubernetes (rootkey sandbox)", "version", "v1"));
    doc.put("paths", paths);
    if (!schemas.isEmpty()) {
      schemas.put(OBJECT_META, objectMeta());
      doc.put("components", Map.of("schemas", schemas));
    }
    return doc;
  }

  /** The CRD's schema with what every object has, as the API server publishes it. */
  private static ObjectNode withObjectFields(
      ObjectNode schema, String group, String version, String kind) {
    schema.set(
        "x-kubernetes-group-version-kind",
        Serialization.jsonMapper().valueToTree(List.of(gvk(group, version, kind))));
    schema.put("type", "object");
    ObjectNode properties = schema.withObject("/properties");
    ObjectNode apiVersion = properties.putObject("apiVersion");
    apiVersion.put("type", "string");
    apiVersion.put(
        "description",
        "The versioned schema of this representation of an object: group/version, here "
            + group
            + "/"
            + version
            + ".");
    ObjectNode kindField = properties.putObject("kind");
    kindField.put("type", "string");
    kindField.put("description", "The REST resource this object represents, here " + kind + ".");
    ObjectNode metadata = properties.putObject("metadata");
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    metadata.put(
        "description",
        "Standard object's metadata: name, namespace, labels, annotations and what the server"
            + " keeps.");
    return schema;
  }

  /** The fields of ObjectMeta a user writes or reads most, enough for explain to descend into. */
  private static ObjectNode objectMeta() {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("type", "object");
    meta.put("description", "Metadata every persisted object has.");
    ObjectNode properties = meta.putObject("properties");
    field(properties, "name", "string", "Unique within a namespace; cannot be updated.");
    field(properties, "namespace", "string", "The namespace the object lives in.");
    field(
        properties, "generateName", "string", "A prefix the server completes when name is empty.");
    map(properties, "labels", "Key/value pairs selectors match on.");
    map(properties, "annotations", "Key/value pairs for tools; not selectable.");
    field(properties, "uid", "string", "Set by the server; unique in time and space.");
    field(properties, "resourceVersion", "string", "Set by the server; changes on every write.");
    field(properties, "generation", "integer", "Set by the server; counts changes to the spec.");
    field(
        properties, "creationTimestamp", "string", "Set by the server when it stored the object.");
    field(
        properties,
        "deletionTimestamp",
        "string",
        "Set by the server when a delete waits for the object's finalizers.");
    ObjectNode finalizers = field(properties, "finalizers", "array", "Keys that hold a delete.");
    finalizers.putObject("items").put("type", "string");
    ObjectNode owners =
        field(
            properties,
            "ownerReferences",
            "array",
            "Objects this one depends on; the garbage collector deletes it once they are all"
                + " gone.");
    owners.putObject("items").put("type", "object");
    return meta;
  }

  private static ObjectNode field(ObjectNode properties, String name, String type, String text) {
    ObjectNode field = properties.putObject(name);
    field.put("type", type);
    field.put("description", text);
    return field;
  }

  private static void map(ObjectNode properties, String name, String text) {
    field(properties, name, "object", text).putObject("additionalProperties").put("type", "string");
  }

  private static Map<String, String> gvk(String group, String version, String kind) {
    return Map.of("group", group, "version", version, "kind", kind);
  }

  /**
   * As the API server names a CRD's schema: the group reversed, e.g. dev.rootkey.v1alpha1.RootKey.
   */
  private static String schemaName(String group, String version, String kind) {
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + version + "." + kind;
  }

  private static String hash(String document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String apiPrefix(String gv) {
    return gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
  }
}
