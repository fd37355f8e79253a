package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code labelSelector} and {@code fieldSelector} of a list or watch, matched against stored
 * objects as a real API server matches them: {@code kubectl describe} finds an object's Events with
 * {@code involvedObject.*} fields, {@code kubectl wait} its object with {@code metadata.name}.
 */
final class Selectors {

  private static final Pattern LABEL_SET =
      Pattern.compile("\\s*(\\S+?)\\s+(in|notin)\\s*\\((.*)\\)\\s*");
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*([^!=<>\\s]+)\\s*(==|=|!=)\\s*(.*?)\\s*");

  private Selectors() {}

  /** Thrown for a selector that cannot be parsed; the API server answers 400. */
  static final class InvalidSelector extends IllegalArgumentException {
    InvalidSelector(String message) {
      super(message);
    }
  }

  /** Matches objects whose labels satisfy every requirement of {@code selector} (null: all). */
  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : split(selector)) {
      all = all.and(labelRequirement(requirement.trim()));
    }
    return all;
  }

  /** Matches objects whose fields satisfy every requirement of {@code selector} (null: all). */
  static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : split(selector)) {
      Matcher m = COMPARISON.matcher(requirement);
      if (!m.matches()) {
        throw new InvalidSelector("invalid field selector: " + requirement);
      }
      String path = m.group(1);
      String value = unescape(m.group(3));
      boolean equal = !m.group(2).equals("!=");
      all = all.and(o -> field(o, path).equals(value) == equal);
    }
    return all;
  }

  private static Predicate<JsonNode> labelRequirement(String requirement) {
    Matcher set = LABEL_SET.matcher(requirement);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values = Set.copyOf(trimmed(set.group(3).split(",")));
      boolean in = set.group(2).equals("in");
      return o -> {
        JsonNode label = o.path("metadata").path("labels").get(key);
        boolean member = label != null && values.contains(label.asText());
        return in == member;
      };
    }
    Matcher comparison = COMPARISON.matcher(requirement);
    if (comparison.matches()) {
      String key = comparison.group(1);
      String value = comparison.group(3);
      boolean equal = !comparison.group(2).equals("!=");
      return o -> {
        JsonNode label = o.path("metadata").path("labels").get(key);
        // key!=value also matches objects without the label, as in Kubernetes.
        return (label != null && label.asText().equals(value)) == equal;
      };
    }
    if (requirement.startsWith("!")) {
      String key = requirement.substring(1).trim();
      return o -> !o.path("metadata").path("labels").has(key);
    }
    if (requirement.matches("[^\\s!=(),<>]+")) {
      return o -> o.path("metadata").path("labels").has(requirement);
    }
    throw new InvalidSelector("unable to parse requirement: " + requirement);
  }

  /** A dotted path's value as text; "" when absent, as the API server's field sets have it. */
  private static String field(JsonNode object, String path) {
    JsonNode node = object;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  /** Splits on commas outside parentheses and not escaped with a backslash. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '\\' && i + 1 < selector.length()) {
        current.append(c).append(selector.charAt(++i));
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    parts.add(current.toString());
    return parts;
  }

  private static String unescape(String value) {
    return value.replaceAll("\\\\(.)", "$1");
  }

  private static List<String> trimmed(String[] values) {
    List<String> result = new ArrayList<>();
    for (String v : values) {
      result.add(v.trim());
    }
    return result;
  }
}
