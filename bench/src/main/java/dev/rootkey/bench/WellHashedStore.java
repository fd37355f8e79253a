package dev.rootkey.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The mock server's store (stored object by its attributes) with a hash that spreads. Upstream keys
 * a {@link LinkedHashMap} by {@link AttributeSet}, whose hash sums its attributes' hashes: objects
 * whose names differ only in a number ("rk-1", "rk-2") fall into the same few buckets, about 8 to a
 * bucket and up to 50, and each store and look-up then compares whole attribute sets along the
 * bucket. Here the same entries are keyed by a hash that also mixes in name, namespace and
 * resource, so buckets hold one or two. Same entries, same order, same answers.
 */
final class WellHashedStore extends AbstractMap<AttributeSet, String> {

  /** An attribute set with its better hash, equal exactly when the sets are equal. */
  private record Keyed(AttributeSet attributes, int hash) {

    static Keyed of(AttributeSet attributes) {
      return new Keyed(
          attributes,
          Objects.hash(
              attributes.getAttribute(KubernetesAttributesExtractor.NAME),
              attributes.getAttribute(KubernetesAttributesExtractor.NAMESPACE),
              attributes.getAttribute(KubernetesAttributesExtractor.PLURAL),
              attributes.hashCode()));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Keyed keyed && attributes.equals(keyed.attributes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Map<Keyed, String> entries = new LinkedHashMap<>();

  @Override
  public String get(Object key) {
    return key instanceof AttributeSet attributes ? entries.get(Keyed.of(attributes)) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof AttributeSet attributes && entries.containsKey(Keyed.of(attributes));
  }

  @Override
  public String put(AttributeSet key, String value) {
    return entries.put(Keyed.of(key), value);
  }

  @Override
  public String remove(Object key) {
    return key instanceof AttributeSet attributes ? entries.remove(Keyed.of(attributes)) : null;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public Set<Map.Entry<AttributeSet, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<AttributeSet, String>> iterator() {
        Iterator<Map.Entry<Keyed, String>> inner = entries.entrySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return inner.hasNext();
          }

          @Override
          public Map.Entry<AttributeSet, String> next() {
            Map.Entry<Keyed, String> entry = inner.next();
            return new SimpleImmutableEntry<>(entry.getKey().attributes(), entry.getValue());
          }

          @Override
          public void remove() {
            inner.remove();
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
