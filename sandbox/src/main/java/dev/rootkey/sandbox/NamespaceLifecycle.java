package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the API server's NamespaceLifecycle admission does: nothing is created in a namespace that
 * does not exist or is being deleted (so a deleted namespace cannot come back holding objects
 * written late), and a new namespace is Active with the {@code kubernetes} finalizer.
 */
final class NamespaceLifecycle {

  /** Why a create is refused, worded as a real server words it. */
  record Refusal(int code, String reason, String message) {}

  private NamespaceLifecycle() {}

  /**
   * @param stored reads the object now stored at a path, if any
   */
  static Optional<Refusal> check(
      RecordedRequest request, Function<String, Optional<JsonNode>> stored) {
    if (request.method() != HttpMethod.POST) {
      return Optional.empty();
    }
    Optional<ApiPath> resource = ApiPath.parse(Requests.pathOnly(request));
    if (resource.isEmpty() || resource.get().namespace() == null) {
      return Optional.empty();
    }
    String namespace = resource.get().namespace();
    Optional<JsonNode> found = stored.apply("/api/v1/namespaces/" + namespace);
    if (found.isEmpty()) {
      return Optional.of(
          new Refusal(
              HttpURLConnection.HTTP_NOT_FOUND,
              "NotFound",
              "namespaces \"" + namespace + "\" not found"));
    }
    if (found.get().at("/metadata/deletionTimestamp").isTextual()) {
      String group = resource.get().group();
      String kind = resource.get().plural() + (group.isEmpty() ? "" : "." + group);
      String name = nameOf(request);
      return Optional.of(
          new Refusal(
              HttpURLConnection.HTTP_FORBIDDEN,
              "Forbidden",
              kind
                  + " \""
                  + name
                  + "\" is forbidden: unable to create new content in namespace "
                  + namespace
                  + " because it is being terminated"));
    }
    return Optional.empty();
  }

  /** A namespace being created gets what the API server gives it: phase Active, its finalizer. */
  static RecordedRequest withDefaults(RecordedRequest request) {
    if (request.method() != HttpMethod.POST
        || !Requests.pathOnly(request).equals("/api/v1/namespaces")
        || request.getBody().size() == 0) {
      return request;
    }
    JsonNode body = Requests.jsonBody(request);
    if (!(body instanceof ObjectNode namespace)) {
      return request;
    }
    if (!namespace.at("/spec/finalizers").isArray()) {
      namespace.withObject("/spec").putArray("finalizers").add("kubernetes");
    }
    namespace.withObject("/status").put("phase", "Active");
    return Requests.withBody(request, namespace, "application/json");
  }

  private static String nameOf(RecordedRequest request) {
    if (request.getBody().size() == 0) {
      return "";
    }
    JsonNode metadata = Requests.jsonBody(request).path("metadata");
    return metadata.path("name").asText(metadata.path("generateName").asText(""));
  }
}
