package dev.rootkey.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a CRD's schema as Markdown: its names, every field with its rules, its columns. */
final class CrdReference {

  private CrdReference() {}

  /**
   * The reference of {@code crd}, read from {@code source} (a path shown to readers), ending with
   * how to regenerate it.
   */
  static String render(CustomResourceDefinition crd, String source, String regenerate) {
    StringBuilder md = new StringBuilder();
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    md.append("## Fields\n\n")
        .append("Generated from ")
        .append(code(source))
        .append(", the CRD the build generates from the Java types; do not edit this part by hand")
        .append(" (regenerate it with ")
        .append(code(regenerate))
        .append(").\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| API group | ").append(code(crd.getSpec().getGroup())).append(" |\n");
    md.append("| kind | ").append(code(names.getKind())).append(" |\n");
    md.append("| plural, singular | ")
        .append(code(names.getPlural()))
        .append(", ")
        .append(code(names.getSingular()))
        .append(" |\n");
    List<String> shortNames = names.getShortNames();
    md.append("| short names | ")
        .append(
            shortNames == null || shortNames.isEmpty()
                ? "none"
                : shortNames.stream().map(CrdReference::code).collect(Collectors.joining(", ")))
        .append(" |\n");
    md.append("| scope | ").append(crd.getSpec().getScope()).append(" |\n");
    List<CustomResourceDefinitionVersion> versions = crd.getSpec().getVersions();
    for (CustomResourceDefinitionVersion version : versions) {
      md.append("| version | ")
          .append(code(version.getName()))
          .append(Boolean.TRUE.equals(version.getServed()) ? ", served" : ", not served")
          .append(Boolean.TRUE.equals(version.getStorage()) ? ", stored" : "")
          .append(subresources(version))
          .append(" |\n");
    }
    for (CustomResourceDefinitionVersion version : versions) {
      String suffix = versions.size() > 1 ? " (" + version.getName() + ")" : "";
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      for (Map.Entry<String, JSONSchemaProps> top : root.getProperties().entrySet()) {
        md.append("\n### ")
            .append(capitalised(top.getKey()))
            .append(" fields")
            .append(suffix)
            .append("\n\n");
        md.append("| field | type | required | default | validation | description |\n");
        md.append("|---|---|---|---|---|---|\n");
        List<String> rows = new ArrayList<>();
        fields(top.getKey(), top.getValue(), rows);
        rows.forEach(md::append);
      }
      if (version.getAdditionalPrinterColumns() != null
          && !version.getAdditionalPrinterColumns().isEmpty()) {
        md.append("\n### Columns of `kubectl get`").append(suffix).append("\n\n");
        md.append("NAME (and NAMESPACE with `-A`) comes first, then:\n\n");
        md.append("| column | value | type | shown | description |\n|---|---|---|---|---|\n");
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
          md.append("| ")
              .append(text(column.getName().toUpperCase(Locale.ROOT)))
              .append(" | ")
              .append(code(column.getJsonPath()))
              .append(" | ")
              .append(column.getType())
              .append(" | ")
              .append(
                  column.getPriority() == null || column.getPriority() == 0
                      ? "always"
                      : "with `-o wide`")
              .append(" | ")
              .append(column.getDescription() == null ? "" : text(column.getDescription()))
              .append(" |\n");
        }
      }
    }
    return md.toString();
  }

  private static String subresources(CustomResourceDefinitionVersion version) {
    if (version.getSubresources() == null) {
      return "";
    }
    List<String> kinds = new ArrayList<>();
    if (version.getSubresources().getStatus() != null) {
      kinds.add(code("status"));
    }
    if (version.getSubresources().getScale() != null) {
      kinds.add(code("scale"));
    }
    return kinds.isEmpty() ? "" : "; subresources " + String.join(", ", kinds);
  }

  /** Appends a row for each property under {@code schema}, depth first, in the schema's order. */
  private static void fields(String path, JSONSchemaProps schema, List<String> rows) {
    if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
      String childPath = path + "." + property.getKey();
      JSONSchemaProps child = property.getValue();
      rows.add(
          "| "
              + code(childPath)
              + " | "
              + code(type(child))
              + " | "
              + (required.contains(property.getKey()) ? "yes" : "")
              + " | "
              + (child.getDefault() == null ? "" : code(scalar(child.getDefault())))
              + " | "
              + String.join("; ", validation(child))
              + " | "
              + (child.getDescription() == null ? "" : text(child.getDescription()))
              + " |\n");
      fields(childPath, child, rows);
      JSONSchemaProps items = items(child);
      if (items != null) {
        fields(childPath + "[]", items, rows);
      }
    }
  }

  private static JSONSchemaProps items(JSONSchemaProps schema) {
    return schema.getItems() == null ? null : schema.getItems().getSchema();
  }

  private static String type(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      return "int-or-string";
    }
    String type = schema.getType() == null ? "any" : schema.getType();
    JSONSchemaProps items = items(schema);
    if ("array".equals(type) && items != null) {
      return "[]" + type(items);
    }
    if ("object".equals(type)
        && (schema.getProperties() == null || schema.getProperties().isEmpty())
        && schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      return "map[string]" + type(schema.getAdditionalProperties().getSchema());
    }
    return type;
  }

  /** What the API server checks of a value besides its type, in kubectl explain's words. */
  private static List<String> validation(JSONSchemaProps schema) {
    List<String> rules = new ArrayList<>();
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      rules.add(
          "one of "
              + schema.getEnum().stream()
                  .map(value -> code(scalar(value)))
                  .collect(Collectors.joining(", ")));
    }
    if (schema.getPattern() != null) {
      rules.add("matches " + code(schema.getPattern()));
    }
    if (schema.getFormat() != null) {
      rules.add("format " + code(schema.getFormat()));
    }
    addRange(rules, schema.getMinimum(), schema.getMaximum(), "");
    addRange(rules, schema.getMinLength(), schema.getMaxLength(), " character");
    addRange(rules, schema.getMinItems(), schema.getMaxItems(), " item");
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        rules.add(
            "rule "
                + code(rule.getRule())
                + (rule.getMessage() == null ? "" : " (" + text(rule.getMessage()) + ")"));
      }
    }
    return rules;
  }

  /** "1 to 100", "at least 1 item", "at most 64 items": {@code unit} is singular, or empty. */
  private static void addRange(List<String> rules, Number min, Number max, String unit) {
    if (min != null && max != null) {
      rules.add(number(min) + " to " + number(max) + plural(unit, max));
    } else if (min != null) {
      rules.add("at least " + number(min) + plural(unit, min));
    } else if (max != null) {
      rules.add("at most " + number(max) + plural(unit, max));
    }
  }

  private static String plural(String unit, Number count) {
    return unit.isEmpty() || count.doubleValue() == 1 ? unit : unit + "s";
  }

  private static String number(Number value) {
    double asDouble = value.doubleValue();
    return asDouble == Math.rint(asDouble) ? String.valueOf(value.longValue()) : value.toString();
  }

  private static String scalar(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }

  private static String capitalised(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * A code span holding {@code value} verbatim: fenced with more backticks than it contains, with
   * '|' escaped so that a table cell does not end inside it (GitHub unescapes it there).
   */
  static String code(String value) {
    int longestRun = 0;
    int run = 0;
    for (char c : value.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longestRun = Math.max(longestRun, run);
    }
    String fence = "`".repeat(longestRun + 1);
    String padding = value.startsWith("`") || value.endsWith("`") ? " " : "";
    return fence + padding + value.replace("|", "\\|") + padding + fence;
  }

  /** Schema prose as it reads: Markdown's special characters escaped, on one line. */
  static String text(String value) {
    StringBuilder escaped = new StringBuilder();
    for (char c : value.replaceAll("\\s+", " ").trim().toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
