package dev.rootkey.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Fabric8's CRUD dispatcher with its stored objects also indexed by name. Upstream finds the object
 * a request names by testing every stored object against the request, so each GET, create, update
 * and patch costs time in proportion to everything stored, and N objects converging cost O(N²):
 * 5,000 RootKeys spent over 80% of a run in that scan. Here a request that names an object tests
 * only the objects of that name, and the store is a {@link WellHashedStore} (the same entries,
 * under a hash that spreads). Watches are {@link ApiServerWatches}: from a resourceVersion, each
 * event encoded once. Everything else (lists, deletes, what is stored and answered) is upstream's
 * code.
 */
class NameIndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String NAME = KubernetesAttributesExtractor.NAME;

  /** Held around each request, as upstream's own lock, so no read sees half an update. */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** The keys of {@code map} by their name attribute; changed only under the write lock. */
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();

  /** Watches as kube-apiserver serves them, told of each change under the write lock. */
  private final ApiServerWatches watches;

  NameIndexedCrudDispatcher() {
    useStore(Collections.synchronizedMap(new WellHashedStore()));
    watches = new ApiServerWatches(map, lock.readLock());
  }

  /**
   * Swaps upstream's store for one whose keys hash well. Upstream offers no way to pass a store in,
   * so this sets its final field, before any request can have seen it.
   */
  private void useStore(Map<AttributeSet, String> store) {
    try {
      Field field = CrudDispatcher.class.getDeclaredField("map");
      field.setAccessible(true);
      field.set(this, store);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this mock server version keeps its store elsewhere", e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Lock held = request.getMethod().equals("GET") ? lock.readLock() : lock.writeLock();
    held.lock();
    try {
      return super.dispatch(request);
    } finally {
      held.unlock();
    }
  }

  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = getKey(path);
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH || path.contains("watch=true")) {
      return super.handleGet(path);
    }
    // Upstream answers the first stored object matching the query, or 404 without a body.
    Map.Entry<AttributeSet, String> found = findResource(query);
    return found == null
        ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
  }

  @Override
  public MockResponse handleWatch(String path) {
    return watches.open(path, getKey(path));
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Attribute name = attributes.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH) {
      return super.findResource(attributes);
    }
    for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
      String value = map.get(key);
      if (value != null && key.matches(attributes)) {
        return Map.entry(key, value);
      }
    }
    return null;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    if (newState != null && resource == null) {
      // Parsed once here instead of inside upstream, which would parse it the same way.
      resource = Serialization.unmarshal(newState, GenericKubernetesResource.class);
    }
    // The key upstream stores the new state under, computed as upstream does.
    AttributeSet newKey = null;
    if (newState != null) {
      newKey = ((KubernetesAttributesExtractor) attributeExtractor).extract(resource);
      if (!newKey.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newKey = AttributeSet.merge(pathAttributes, newKey);
      }
    }
    String oldState = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (!Objects.equals(oldState, newState)) {
      watches.changed(oldAttributes, oldState, newKey, newState);
    }
    if (oldAttributes != null) {
      Attribute oldName = oldAttributes.getAttribute(NAME);
      Set<AttributeSet> named = byName.get(oldName);
      if (named != null && named.remove(oldAttributes) && named.isEmpty()) {
        byName.remove(oldName);
      }
    }
    if (newKey != null) {
      byName.computeIfAbsent(newKey.getAttribute(NAME), n -> new LinkedHashSet<>()).add(newKey);
      stored(resource);
    }
  }

  /** Told of each new state stored, already parsed; runs under the write lock, so keep it short. */
  protected void stored(GenericKubernetesResource resource) {}

  @Override
  public void reset() {
    lock.writeLock().lock();
    try {
      super.reset();
      byName.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
