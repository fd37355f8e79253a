package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rootkey.webhook.admission.RootKeyReviews;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a real API server does with the chart's admission registrations, for RootKey writes in the
 * sandbox: each create, update, patch and delete is sent to the scanner-webhook's mutating endpoint
 * (its patch applied) and then its validating endpoint, which may refuse it. Like the
 * registration's {@code failurePolicy: Ignore}, a webhook that cannot be reached lets the write
 * through. Everyone is {@value #USER}: the sandbox accepts any credentials.
 */
final class AdmissionChain {

  static final String USER = "sandbox-admin";
  private static final List<String> GROUPS = List.of("system:masters", "system:authenticated");
  private static final String MUTATE = "/admission/rootkeys/mutate";
  private static final String VALIDATE = "/admission/rootkeys/validate";

  /** A RootKey itself, not its status subresource (not registered, as in the chart). */
  private static final Pattern ROOTKEYS =
      Pattern.compile("/apis/rootkey\\.dev/v1alpha1/namespaces/[^/]+/rootkeys(/[^/]+)?");

  private static final Logger log = LoggerFactory.getLogger(AdmissionChain.class);

  /**
   * The webhook's answer: the request to store (perhaps rewritten), or why it is refused, and the
   * warnings it gave, which the API server passes on to the client (kubectl prints them).
   */
  record Outcome(RecordedRequest request, Optional<Refusal> refusal, List<String> warnings) {
    static Outcome pass(RecordedRequest request) {
      return new Outcome(request, Optional.empty(), List.of());
    }
  }

  record Refusal(int code, String message) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private volatile URI webhook;

  /** From now on, RootKey writes go through the webhook at this base URL. */
  void sendTo(URI webhookBaseUrl) {
    this.webhook = webhookBaseUrl;
  }

  /**
   * @param stored reads the object now stored at a path, if any
   */
  Outcome admit(RecordedRequest request, Function<String, Optional<JsonNode>> stored) {
    String path = Requests.pathOnly(request);
    URI base = webhook;
    if (base == null || !ROOTKEYS.matcher(path).matches()) {
      return Outcome.pass(request);
    }
    HttpMethod method = request.method();
    Optional<JsonNode> before = method == HttpMethod.POST ? Optional.empty() : stored.apply(path);
    if (method != HttpMethod.POST && before.isEmpty()) {
      return Outcome.pass(request); // the store answers 404
    }
    return switch (method) {
      case POST -> write(base, request, "CREATE", null, Requests.jsonBody(request));
      case PUT -> write(base, request, "UPDATE", before.get(), Requests.jsonBody(request));
      case PATCH -> patch(base, request, before.get());
      case DELETE -> delete(base, request, before.get());
      default -> Outcome.pass(request);
    };
  }

  private Outcome write(
      URI base, RecordedRequest request, String operation, JsonNode old, JsonNode object) {
    // The chart registers the mutating webhook for updates only.
    Optional<JsonNode> mutation =
        operation.equals("UPDATE")
            ? review(base.resolve(MUTATE), operation, old, object, request)
            : Optional.empty();
    JsonNode admitted =
        mutation.flatMap(AdmissionChain::patchOf).map(p -> apply(p, object)).orElse(object);
    Optional<JsonNode> validation =
        review(base.resolve(VALIDATE), operation, old, admitted, request);
    Optional<Refusal> refusal = refusal(validation);
    if (refusal.isPresent()) {
      return new Outcome(request, refusal, warnings(validation));
    }
    return new Outcome(
        admitted == object ? request : Requests.withBody(request, admitted, "application/json"),
        Optional.empty(),
        warnings(validation));
  }

  /** By now every patch is a JSON patch (the earlier adapters translate the others). */
  private Outcome patch(URI base, RecordedRequest request, JsonNode old) {
    String contentType = request.getHeader("Content-Type");
    if (contentType == null || !contentType.startsWith(MergePatchAdapter.JSON_PATCH)) {
      return Outcome.pass(request);
    }
    JsonNode operations = Requests.jsonBody(request);
    JsonNode object;
    try {
      object = JsonPatch.apply(operations, old);
    } catch (RuntimeException e) {
      return Outcome.pass(request); // the store refuses a patch that does not apply
    }
    Optional<JsonNode> mutation = review(base.resolve(MUTATE), "UPDATE", old, object, request);
    Optional<JsonNode> stamp = mutation.flatMap(AdmissionChain::patchOf);
    JsonNode admitted = stamp.map(p -> apply(p, object)).orElse(object);
    Optional<JsonNode> validation =
        review(base.resolve(VALIDATE), "UPDATE", old, admitted, request);
    Optional<Refusal> refusal = refusal(validation);
    if (refusal.isPresent()) {
      return new Outcome(request, refusal, warnings(validation));
    }
    if (stamp.isEmpty()) {
      return new Outcome(request, Optional.empty(), warnings(validation));
    }
    // JSON patch operations apply in order: the webhook's, made against the patched object, last.
    ArrayNode all = ((ArrayNode) operations).deepCopy();
    stamp.get().forEach(all::add);
    return new Outcome(
        Requests.withBody(request, all, MergePatchAdapter.JSON_PATCH),
        Optional.empty(),
        warnings(validation));
  }

  private Outcome delete(URI base, RecordedRequest request, JsonNode old) {
    Optional<JsonNode> validation = review(base.resolve(VALIDATE), "DELETE", old, null, request);
    return new Outcome(request, refusal(validation), warnings(validation));
  }

  /** The admission response, or empty when the webhook could not answer (failurePolicy Ignore). */
  private Optional<JsonNode> review(
      URI endpoint, String operation, JsonNode old, JsonNode object, RecordedRequest write) {
    String review =
        RootKeyReviews.request(
            operation,
            namespaceOf(Requests.pathOnly(write)),
            old,
            object,
            USER,
            GROUPS,
            write.getPath().contains("dryRun=All"));
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(review))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != HttpURLConnection.HTTP_OK) {
        log.warn("Admission webhook answered {} at {}: ignored", answer.statusCode(), endpoint);
        return Optional.empty();
      }
      return Optional.of(Serialization.unmarshal(answer.body(), JsonNode.class).path("response"));
    } catch (IOException e) {
      log.warn("Admission webhook unreachable at {}: ignored ({})", endpoint, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> patchOf(JsonNode response) {
    if (!response.hasNonNull("patch")) {
      return Optional.empty();
    }
    return Optional.of(
        Serialization.unmarshal(
            new String(Base64.getDecoder().decode(response.path("patch").asText())),
            JsonNode.class));
  }

  private static JsonNode apply(JsonNode patch, JsonNode object) {
    return JsonPatch.apply(patch, object);
  }

  private static Optional<Refusal> refusal(Optional<JsonNode> response) {
    if (response.isEmpty() || response.get().path("allowed").asBoolean(true)) {
      return Optional.empty();
    }
    JsonNode status = response.get().path("status");
    // Worded as the API server words it, so kubectl users see what they would on a cluster.
    return Optional.of(
        new Refusal(
            status.path("code").asInt(HttpURLConnection.HTTP_FORBIDDEN),
            "admission webhook \"audit.rootkey.dev\" denied the request: "
                + status.path("message").asText()));
  }

  private static List<String> warnings(Optional<JsonNode> response) {
    if (response.isEmpty() || !response.get().path("warnings").isArray()) {
      return List.of();
    }
    List<String> warnings = new ArrayList<>();
    response.get().path("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }

  private static String namespaceOf(String path) {
    String rest = path.substring(path.indexOf("/namespaces/") + "/namespaces/".length());
    return rest.substring(0, rest.indexOf('/'));
  }
}
