package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fields of an object that its Java type does not know, and so ignores: those of the object as
 * it came that are missing from the object as read and written back ("spec.rotaton").
 */
public final class UnknownFields {

  /** Enough to point at a typo; an object with more is cut short. */
  static final int MAX_REPORTED = 10;

  private UnknownFields() {}

  /**
   * @param raw the object as it came
   * @param readBack the same object read into its type and written back
   * @return printable paths of the fields {@code readBack} lacks, at most {@value #MAX_REPORTED}
   */
  public static List<String> between(JsonNode raw, JsonNode readBack) {
    List<String> unknown = new ArrayList<>();
    walk("", raw, readBack, unknown);
    return unknown;
  }

  private static void walk(String path, JsonNode raw, JsonNode readBack, List<String> unknown) {
    if (raw.isObject() && readBack.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = raw.fields();
      while (fields.hasNext() && unknown.size() < MAX_REPORTED) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isNull()) {
          continue; // null is absent, for every type
        }
        String name = FieldNames.printable(field.getKey());
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        JsonNode known = readBack.get(field.getKey());
        if (known == null) {
          unknown.add(fieldPath);
        } else {
          walk(fieldPath, field.getValue(), known, unknown);
        }
      }
    } else if (raw.isArray() && readBack.isArray() && raw.size() == readBack.size()) {
      for (int i = 0; i < raw.size() && unknown.size() < MAX_REPORTED; i++) {
        walk(path + "[" + i + "]", raw.get(i), readBack.get(i), unknown);
      }
    }
  }
}
