package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Kubernetes JSONPath used by printer columns: {@code .a.b}, {@code [0]}, {@code [*]}
 * and {@code [?(@.field=="value")]}.
 */
final class JsonPath {

  private static final Pattern STEP =
      Pattern.compile(
          "\\.([^.\\[]+)" // .field
              + "|\\[(\\d+|\\*)]" // [0] or [*]
              + "|\\[\\?\\(@\\.([^=!]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]"); // [?(@.k=="v")]

  private JsonPath() {}

  /** All values {@code path} selects in {@code root}; empty when nothing matches. */
  static List<JsonNode> evaluate(String path, JsonNode root) {
    String expression = path.trim();
    if (expression.startsWith("{") && expression.endsWith("}")) {
      expression = expression.substring(1, expression.length() - 1);
    }
    List<JsonNode> current = new ArrayList<>(List.of(root));
    Matcher m = STEP.matcher(expression);
    int position = 0;
    while (position < expression.length()) {
      if (!m.find(position) || m.start() != position) {
        return List.of(); // unsupported syntax: show nothing rather than fail the request
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (m.group(1) != null) {
          addIfPresent(next, node.get(m.group(1)));
        } else if (m.group(2) != null && node.isArray()) {
          if (m.group(2).equals("*")) {
            node.forEach(next::add);
          } else {
            addIfPresent(next, node.get(Integer.parseInt(m.group(2))));
          }
        } else if (m.group(3) != null && node.isArray()) {
          for (JsonNode element : node) {
            JsonNode field = element.get(m.group(3).trim());
            if (field != null && field.asText().equals(m.group(4))) {
              next.add(element);
            }
          }
        }
      }
      current = next;
      position = m.end();
    }
    return current;
  }

  private static void addIfPresent(List<JsonNode> list, JsonNode node) {
    if (node != null && !node.isNull()) {
      list.add(node);
    }
  }
}
