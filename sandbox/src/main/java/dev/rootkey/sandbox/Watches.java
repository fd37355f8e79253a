package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Watches as kubectl makes them ({@code ?watch=true} over plain HTTP, as {@code kubectl get -w},
 * {@code kubectl wait} and {@code kubectl delete} do): the changes to one collection after a
 * resourceVersion, each a line of JSON ({@code {"type":"ADDED","object":{...}}}), until the client
 * goes. The Fabric8 client's WebSocket watches stay with the CRUD store.
 */
final class Watches {

  /** Where a watch's lines go, called on the watch's own executor. */
  interface Sink {
    void send(String line);

    void end();
  }

  /** A watch that started, or the status to answer instead. */
  record Opened(Optional<ChangeLog.Subscription> subscription, Optional<MockResponse> refusal) {}

  private static final Set<String> WATCH_PARAMETERS =
      Set.of(
          "watch",
          "resourceVersion",
          "resourceVersionMatch",
          "timeoutSeconds",
          "allowWatchBookmarks",
          "sendInitialEvents",
          "labelSelector",
          "fieldSelector");

  private final ChangeLog changes;
  private final Function<String, AttributeSet> storeKey;
  private final Function<RecordedRequest, MockResponse> api;
  private final BiFunction<String, JsonNode, JsonNode> asTable;

  /**
   * @param storeKey the store's attributes for a path: which objects belong to the collection
   * @param api answers the list a watch without a resourceVersion starts from
   * @param asTable the Table row kubectl asked for, for an object of the collection at a path
   */
  Watches(
      ChangeLog changes,
      Function<String, AttributeSet> storeKey,
      Function<RecordedRequest, MockResponse> api,
      BiFunction<String, JsonNode, JsonNode> asTable) {
    this.changes = changes;
    this.storeKey = storeKey;
    this.api = api;
    this.asTable = asTable;
  }

  static boolean isWatch(String uri) {
    String watch = Requests.queryParameter(uri, "watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /**
   * Starts sending the changes {@code uri} asks for to {@code sink}. Called on {@code executor},
   * which then runs every delivery in order: the store calls its subscribers under its lock, so the
   * work of making a line (a Table reads the CRDs back from the store) is handed over.
   */
  Opened open(String uri, boolean table, Executor executor, Sink sink) {
    String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
    Predicate<JsonNode> selected;
    try {
      selected =
          Selectors.labels(Requests.queryParameter(uri, "labelSelector"))
              .and(Selectors.fields(Requests.queryParameter(uri, "fieldSelector")));
    } catch (Selectors.InvalidSelector e) {
      return refused(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
    }
    AttributeSet collection = storeKey.apply(path);
    Function<JsonNode, JsonNode> shown =
        table ? o -> asTable.apply(path + "/" + o.at("/metadata/name").asText(), o) : o -> o;
    String resourceVersion = Requests.queryParameter(uri, "resourceVersion");
    long from;
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      // "Any" or "most recent": the current state as ADDED events, then what changes.
      MockResponse list = api.apply(get(Requests.withoutQueryParameters(uri, WATCH_PARAMETERS)));
      if (list.code() != HttpURLConnection.HTTP_OK) {
        return new Opened(Optional.empty(), Optional.of(list));
      }
      JsonNode listed = Serialization.unmarshal(list.getBody().inputStream(), JsonNode.class);
      for (JsonNode item : listed.path("items")) {
        if (selected.test(item)) {
          sink.send(event("ADDED", shown.apply(item)));
        }
      }
      from = listed.at("/metadata/resourceVersion").asLong();
    } else {
      try {
        from = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        return refused(
            HttpURLConnection.HTTP_BAD_REQUEST,
            "BadRequest",
            "invalid resourceVersion: " + resourceVersion);
      }
    }
    Optional<ChangeLog.Subscription> subscription =
        changes.subscribe(
            from,
            change -> {
              if (change.key().matches(collection) && selected.test(change.object())) {
                executor.execute(
                    () -> sink.send(event(change.type(), shown.apply(change.object()))));
              }
            });
    if (subscription.isEmpty()) {
      // As a real server does once etcd compacted the history: the client lists again.
      sink.send(
          event(
              "ERROR",
              status(HttpURLConnection.HTTP_GONE, "Expired", "too old resource version: " + from)));
      sink.end();
    }
    return new Opened(subscription, Optional.empty());
  }

  private static String event(String type, JsonNode object) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("type", type);
    event.set("object", object);
    return Serialization.asJson(event) + "\n";
  }

  private static Opened refused(int code, String reason, String message) {
    return new Opened(
        Optional.empty(),
        Optional.of(
            new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status(code, reason, message)))));
  }

  private static JsonNode status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }

  private static RecordedRequest get(String uri) {
    return new RecordedRequest(
        "HTTP/1.1", HttpMethod.GET, uri, Headers.builder().build(), new Buffer());
  }
}
