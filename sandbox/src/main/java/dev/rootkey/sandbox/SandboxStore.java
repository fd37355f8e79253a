package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Fabric8 CRUD store, with every change recorded in a {@link ChangeLog} and deleted Namespaces
 * kept as Terminating until the namespace controller has emptied them, as a real API server keeps
 * them for their {@code spec.finalizers}.
 */
final class SandboxStore extends KubernetesCrudDispatcher {

  /** One stored object and the API path it lives at. */
  record StoredObject(String path, JsonNode object) {
    String namespace() {
      return object.path("metadata").path("namespace").asText("");
    }

    String uid() {
      return object.path("metadata").path("uid").asText("");
    }
  }

  private final ChangeLog changes;
  private final Clock clock;

  /** Namespaces the namespace controller emptied: their next delete removes them. */
  private final Set<String> emptiedNamespaces = ConcurrentHashMap.newKeySet();

  SandboxStore(ChangeLog changes, Clock clock) {
    this.changes = changes;
    this.clock = clock;
  }

  ChangeLog changes() {
    return changes;
  }

  /** Lets the next delete of this Terminating namespace remove it. */
  void namespaceEmptied(String name) {
    emptiedNamespaces.add(name);
  }

  /** A copy of everything stored now. */
  List<StoredObject> objects() {
    List<Map.Entry<AttributeSet, String>> entries;
    synchronized (map) {
      entries = new ArrayList<>(map.entrySet());
    }
    List<StoredObject> objects = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> entry : entries) {
      objects.add(
          new StoredObject(
              pathOf(entry.getKey()), Serialization.unmarshal(entry.getValue(), JsonNode.class)));
    }
    return objects;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    // Runs under the store's write lock, for every create, update, patch and delete.
    String before = oldAttributes == null ? null : map.get(oldAttributes);
    if (newState == null && isNamespace(before)) {
      String name = Serialization.unmarshal(before, JsonNode.class).at("/metadata/name").asText();
      if (!emptiedNamespaces.remove(name)) {
        keepTerminating(path, pathAttributes, oldAttributes, before);
        return;
      }
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (Objects.equals(before, newState)) {
      return;
    }
    if (newState == null) {
      // A real server gives the deletion a resourceVersion of its own; watches resume after it.
      long version = requestResourceVersion();
      ObjectNode gone = (ObjectNode) Serialization.unmarshal(before, JsonNode.class);
      ((ObjectNode) gone.path("metadata")).put("resourceVersion", String.valueOf(version));
      changes.record(new ChangeLog.Change(version, "DELETED", gone, oldAttributes));
      return;
    }
    JsonNode object = Serialization.unmarshal(newState, JsonNode.class);
    AttributeSet key =
        resource != null
            ? getAttributeExtractor().extract(resource)
            : getAttributeExtractor().fromResource(newState);
    if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      key = AttributeSet.merge(pathAttributes, key); // as the store keyed it
    }
    changes.record(
        new ChangeLog.Change(
            object.at("/metadata/resourceVersion").asLong(),
            before == null ? "ADDED" : "MODIFIED",
            object,
            key));
  }

  /** A deleted namespace stays, Terminating, until the namespace controller has emptied it. */
  private void keepTerminating(
      String path, AttributeSet pathAttributes, AttributeSet key, String before) {
    ObjectNode namespace = (ObjectNode) Serialization.unmarshal(before, JsonNode.class);
    if (namespace.at("/metadata/deletionTimestamp").isTextual()) {
      return; // already Terminating; an update cannot bring it back
    }
    ObjectNode metadata = (ObjectNode) namespace.path("metadata");
    metadata.put("deletionTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
    namespace.withObject("/status").put("phase", "Terminating");
    String marked = Serialization.asJson(namespace);
    processEvent(path, pathAttributes, key, null, marked);
  }

  private static boolean isNamespace(String json) {
    if (json == null) {
      return false;
    }
    JsonNode object = Serialization.unmarshal(json, JsonNode.class);
    return "Namespace".equals(object.path("kind").asText())
        && "v1".equals(object.path("apiVersion").asText());
  }

  @Override
  public KubernetesAttributesExtractor getAttributeExtractor() {
    return (KubernetesAttributesExtractor) super.getAttributeExtractor();
  }

  /** /api/v1[/namespaces/ns]/plural/name or /apis/group/version[/namespaces/ns]/plural/name. */
  private static String pathOf(AttributeSet key) {
    String api = value(key, KubernetesAttributesExtractor.API);
    String version = value(key, KubernetesAttributesExtractor.VERSION);
    String namespace = value(key, KubernetesAttributesExtractor.NAMESPACE);
    StringBuilder path = new StringBuilder(api == null ? "/api/" : "/apis/" + api + "/");
    path.append(version);
    if (namespace != null) {
      path.append("/namespaces/").append(namespace);
    }
    path.append('/').append(value(key, KubernetesAttributesExtractor.PLURAL));
    path.append('/').append(value(key, KubernetesAttributesExtractor.NAME));
    return path.toString();
  }

  private static String value(AttributeSet key, String name) {
    Attribute attribute = key.getAttribute(name);
    return attribute == null || attribute.getValues().isEmpty()
        ? null
        : attribute.getValues().get(0).toString();
  }
}
