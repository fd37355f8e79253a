package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which fields of a RootKey an update changes, as people name them ({@code spec.rotation.interval},
 * {@code metadata.annotations.rootkey.dev/rotate}). Only what people set counts: the spec, labels
 * and annotations; finalizers, managed fields and the status are the operator's and the API
 * server's own bookkeeping.
 */
public final class RootKeyEdits {

  /** Copies of the whole object that kubectl keeps: they change with every edit, saying nothing. */
  private static final Set<String> BOOKKEEPING_ANNOTATIONS =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          RotationAnnotations.ROTATE_REQUESTED_BY);

  private RootKeyEdits() {}

  /** The changed fields, in a stable order; empty when nothing a person sets changed. */
  public static List<String> changedFields(RootKey before, RootKey after) {
    List<String> fields = new ArrayList<>();
    diff(
        "spec",
        Serialization.jsonMapper().valueToTree(before.getSpec()),
        Serialization.jsonMapper().valueToTree(after.getSpec()),
        fields);
    diffMap(
        "metadata.labels",
        before.getMetadata().getLabels(),
        after.getMetadata().getLabels(),
        Set.of(),
        fields);
    diffMap(
        "metadata.annotations",
        before.getMetadata().getAnnotations(),
        after.getMetadata().getAnnotations(),
        BOOKKEEPING_ANNOTATIONS,
        fields);
    return fields;
  }

  /**
   * What a person set on a RootKey, in a stable order: its spec, labels and annotations (without
   * the bookkeeping ones). Two RootKeys with the same are the same as far as people are concerned.
   */
  static Map<String, Object> settable(RootKey rootKey) {
    Map<String, Object> settable = new TreeMap<>();
    settable.put("spec", Serialization.jsonMapper().valueToTree(rootKey.getSpec()));
    settable.put("labels", sorted(rootKey.getMetadata().getLabels()));
    Map<String, String> annotations = sorted(rootKey.getMetadata().getAnnotations());
    annotations.keySet().removeAll(BOOKKEEPING_ANNOTATIONS);
    settable.put("annotations", annotations);
    return settable;
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? new TreeMap<>() : new TreeMap<>(map);
  }

  /** Objects are compared field by field; a list or a value that differs is one changed field. */
  private static void diff(String path, JsonNode before, JsonNode after, List<String> fields) {
    JsonNode was = before == null ? NullNode.getInstance() : before;
    JsonNode is = after == null ? NullNode.getInstance() : after;
    if (was.isObject() && is.isObject()) {
      Set<String> names = new TreeSet<>();
      was.fieldNames().forEachRemaining(names::add);
      is.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path + "." + name, was.get(name), is.get(name), fields);
      }
    } else if (!Objects.equals(absentIfNull(was), absentIfNull(is))) {
      fields.add(path);
    }
  }

  /** A field set to null and a field not set mean the same to the operator. */
  private static JsonNode absentIfNull(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node;
  }

  private static void diffMap(
      String path,
      Map<String, String> before,
      Map<String, String> after,
      Set<String> ignored,
      List<String> fields) {
    Map<String, String> was = before == null ? Map.of() : before;
    Map<String, String> is = after == null ? Map.of() : after;
    Set<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(is.keySet());
    for (String key : keys) {
      if (!ignored.contains(key) && !Objects.equals(was.get(key), is.get(key))) {
        fields.add(path + "." + key);
      }
    }
  }
}
