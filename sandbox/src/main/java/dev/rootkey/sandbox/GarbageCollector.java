package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kube-controller-manager's garbage collector and namespace controller do, for the sandbox's
 * store: an object goes once none of its owners (ownerReferences) is left; an owner deleted with
 * propagationPolicy Orphan (its {@code orphan} finalizer) or Foreground (its {@code
 * foregroundDeletion} finalizer) first frees or deletes its dependents; a Terminating namespace is
 * emptied, after the same 5 s grace as the real controller, then goes. Objects are deleted through
 * the API, so their own finalizers and the admission webhook apply as on a cluster.
 */
final class GarbageCollector implements AutoCloseable {

  static final String ORPHAN = "orphan";
  static final String FOREGROUND = "foregroundDeletion";

  /** As kube-controller-manager's namespace controller waits before emptying a namespace. */
  static final Duration NAMESPACE_DELETION_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final SandboxStore store;
  private final Dispatcher api;
  private final Duration namespaceGrace;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "sandbox-garbage-collector");
            thread.setDaemon(true);
            return thread;
          });

  /** Terminating namespaces whose grace has passed: the controller empties them on each change. */
  private final Set<String> emptying = ConcurrentHashMap.newKeySet();

  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final ChangeLog.Subscription subscription;

  /**
   * @param api where the collector's deletes and patches go: the sandbox's API, not the bare store
   */
  GarbageCollector(SandboxStore store, Dispatcher api, Duration namespaceGrace) {
    this.store = store;
    this.api = api;
    this.namespaceGrace = namespaceGrace;
    // The store calls subscribers under its lock: the work is handed to the collector's thread.
    this.subscription =
        store.changes().subscribeFromNow(change -> worker.execute(() -> safely(change)));
  }

  private void safely(ChangeLog.Change change) {
    try {
      collect(change);
    } catch (RuntimeException e) {
      log.warn("Garbage collection after {} failed: {}", change.type(), e.toString());
    }
  }

  private void collect(ChangeLog.Change change) {
    JsonNode object = change.object();
    String namespace = object.at("/metadata/namespace").asText("");
    if (change.type().equals("DELETED")) {
      String uid = object.at("/metadata/uid").asText();
      for (SandboxStore.StoredObject dependent : dependentsOf(uid)) {
        deleteIfOwnerless(dependent);
      }
      // An owner deleted in the foreground goes once its last dependent has.
      for (JsonNode owner : object.at("/metadata/ownerReferences")) {
        objectWithUid(owner.path("uid").asText())
            .filter(o -> o.object().at("/metadata/deletionTimestamp").isTextual())
            .ifPresent(o -> finalizeDeletion(o.object()));
      }
    } else {
      if (object.at("/metadata/ownerReferences").size() > 0) {
        objectWithUid(object.at("/metadata/uid").asText()).ifPresent(this::deleteIfOwnerless);
      }
      if (object.at("/metadata/deletionTimestamp").isTextual()) {
        finalizeDeletion(object);
      }
    }
    if (!namespace.isEmpty() && emptying.contains(namespace)) {
      empty(namespace);
    }
  }

  /** Deletes an object none of whose owners exists any more. */
  private void deleteIfOwnerless(SandboxStore.StoredObject dependent) {
    JsonNode owners = dependent.object().at("/metadata/ownerReferences");
    if (owners.size() == 0 || dependent.object().at("/metadata/deletionTimestamp").isTextual()) {
      return;
    }
    Set<String> present =
        store.objects().stream().map(SandboxStore.StoredObject::uid).collect(Collectors.toSet());
    for (JsonNode owner : owners) {
      if (present.contains(owner.path("uid").asText())) {
        return;
      }
    }
    log.info("Deleting {}: its owners are gone", dependent.path());
    send(HttpMethod.DELETE, dependent.path(), null);
  }

  /** Acts on an object marked for deletion, as it is stored now. */
  private void finalizeDeletion(JsonNode changed) {
    if ("Namespace".equals(changed.path("kind").asText())) {
      String name = changed.at("/metadata/name").asText();
      if (scheduled.add(name)) {
        worker.schedule(
            () -> {
              emptying.add(name);
              empty(name);
            },
            namespaceGrace.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      return;
    }
    String uid = changed.at("/metadata/uid").asText();
    Optional<SandboxStore.StoredObject> stored = objectWithUid(uid);
    if (stored.isEmpty()) {
      return;
    }
    JsonNode object = stored.get().object();
    String path = stored.get().path();
    List<String> finalizers = new ArrayList<>();
    object.at("/metadata/finalizers").forEach(f -> finalizers.add(f.asText()));
    if (finalizers.contains(ORPHAN)) {
      for (SandboxStore.StoredObject dependent : dependentsOf(uid)) {
        withoutOwner(dependent, uid);
      }
      withoutFinalizer(path, object, ORPHAN);
    } else if (finalizers.contains(FOREGROUND)) {
      List<SandboxStore.StoredObject> dependents = dependentsOf(uid);
      dependents.forEach(d -> send(HttpMethod.DELETE, d.path(), null));
      if (dependents.isEmpty()) {
        withoutFinalizer(path, object, FOREGROUND);
      }
    }
  }

  /** Deletes what a Terminating namespace holds; once it holds nothing, lets it go. */
  private void empty(String namespace) {
    List<SandboxStore.StoredObject> left =
        store.objects().stream().filter(o -> o.namespace().equals(namespace)).toList();
    if (left.isEmpty()) {
      emptying.remove(namespace);
      scheduled.remove(namespace);
      store.namespaceEmptied(namespace);
      send(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace, null);
      log.info("Namespace {} emptied and deleted", namespace);
      return;
    }
    for (SandboxStore.StoredObject object : left) {
      if (!object.object().at("/metadata/deletionTimestamp").isTextual()) {
        send(HttpMethod.DELETE, object.path(), null);
      }
    }
  }

  private List<SandboxStore.StoredObject> dependentsOf(String uid) {
    List<SandboxStore.StoredObject> dependents = new ArrayList<>();
    for (SandboxStore.StoredObject o : store.objects()) {
      for (JsonNode owner : o.object().at("/metadata/ownerReferences")) {
        if (owner.path("uid").asText().equals(uid)) {
          dependents.add(o);
          break;
        }
      }
    }
    return dependents;
  }

  private Optional<SandboxStore.StoredObject> objectWithUid(String uid) {
    return store.objects().stream().filter(o -> o.uid().equals(uid)).findFirst();
  }

  /** Removes the references to one owner, leaving the dependent in place (Orphan). */
  private void withoutOwner(SandboxStore.StoredObject dependent, String ownerUid) {
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    dependent
        .object()
        .at("/metadata/ownerReferences")
        .forEach(
            owner -> {
              if (!owner.path("uid").asText().equals(ownerUid)) {
                kept.add(owner);
              }
            });
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    ObjectNode op = patch.addObject();
    if (kept.isEmpty()) {
      op.put("op", "remove").put("path", "/metadata/ownerReferences");
    } else {
      op.put("op", "replace").put("path", "/metadata/ownerReferences").set("value", kept);
    }
    send(HttpMethod.PATCH, dependent.path(), patch);
  }

  private void withoutFinalizer(String path, JsonNode object, String finalizer) {
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    object
        .at("/metadata/finalizers")
        .forEach(
            f -> {
              if (!f.asText().equals(finalizer)) {
                kept.add(f);
              }
            });
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch.addObject().put("op", "replace").put("path", "/metadata/finalizers").set("value", kept);
    send(HttpMethod.PATCH, path, patch);
  }

  /** A request of the collector's own to the API, as kube-controller-manager sends them. */
  private void send(HttpMethod method, String path, JsonNode jsonPatch) {
    byte[] body =
        jsonPatch == null
            ? new byte[0]
            : Serialization.asJson(jsonPatch).getBytes(StandardCharsets.UTF_8);
    Headers.Builder headers = Headers.builder();
    if (jsonPatch != null) {
      headers.add("Content-Type", MergePatchAdapter.JSON_PATCH);
    }
    MockResponse response =
        api.dispatch(
            new RecordedRequest("HTTP/1.1", method, path, headers.build(), new Buffer(body)));
    if (response.code() >= 300 && response.code() != HttpURLConnection.HTTP_NOT_FOUND) {
      log.warn(
          "{} {} answered {}: {}",
          method,
          path,
          response.code(),
          response.getBody() == null ? "" : response.getBody().readUtf8());
    }
  }

  @Override
  public void close() {
    subscription.close();
    worker.shutdownNow();
  }
}
