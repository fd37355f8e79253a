package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers {@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1} for custom resources with
 * the CRD's {@code additionalPrinterColumns}, as the real API server does for {@code kubectl get}.
 * Built-in kinds get no table; kubectl then prints NAME and AGE itself.
 */
final class TablePrinter {

  /** /apis/group/version[/namespaces/ns]/plural[/name], nothing after. */
  private static final Pattern CR_PATH =
      Pattern.compile("/apis/([^/]+)/([^/]+)(?:/namespaces/[^/]+)?/([^/]+)(?:/([^/]+))?");

  private final Clock clock;

  TablePrinter(Clock clock) {
    this.clock = clock;
  }

  /** The table for a GET of {@code path} that answered {@code body}, if a CRD defines columns. */
  Optional<GenericKubernetesResource> toTable(
      String path, byte[] body, List<CustomResourceDefinition> crds) {
    Matcher m = CR_PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<CustomResourceDefinitionVersion> version =
        crds.stream()
            .filter(crd -> crd.getSpec().getGroup().equals(m.group(1)))
            .filter(crd -> crd.getSpec().getNames().getPlural().equals(m.group(3)))
            .flatMap(crd -> crd.getSpec().getVersions().stream())
            .filter(v -> v.getName().equals(m.group(2)))
            .findFirst();
    if (version.isEmpty()) {
      return Optional.empty();
    }
    List<CustomResourceColumnDefinition> columns =
        version.get().getAdditionalPrinterColumns() == null
            ? List.of()
            : version.get().getAdditionalPrinterColumns();

    JsonNode response =
        Serialization.unmarshal(
            new String(body, java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
    List<JsonNode> objects = new ArrayList<>();
    if (m.group(4) != null) {
      objects.add(response);
    } else {
      response.path("items").forEach(objects::add);
      // A real server lists in storage-key order: namespace, then name.
      objects.sort(
          java.util.Comparator.comparing(
                  (JsonNode o) -> o.path("metadata").path("namespace").asText())
              .thenComparing(o -> o.path("metadata").path("name").asText()));
    }

    List<Map<String, Object>> columnDefinitions = new ArrayList<>();
    columnDefinitions.add(column("Name", "string", "name", "Name of the resource", 0));
    for (CustomResourceColumnDefinition c : columns) {
      columnDefinitions.add(
          column(
              c.getName(),
              c.getType(),
              c.getFormat() == null ? "" : c.getFormat(),
              c.getDescription() == null ? "" : c.getDescription(),
              c.getPriority() == null ? 0 : c.getPriority()));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode object : objects) {
      List<Object> cells = new ArrayList<>();
      cells.add(object.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition c : columns) {
        cells.add(cell(c, JsonPath.evaluate(c.getJsonPath(), object)));
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", cells);
      // The whole object: kubectl reads the namespace column (-A) and labels (-L) from it.
      row.put("object", object);
      rows.add(row);
    }
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion("meta.k8s.io/v1")
            .withKind("Table")
            .withNewMetadata()
            .withResourceVersion(response.path("metadata").path("resourceVersion").asText(null))
            .endMetadata()
            .addToAdditionalProperties("columnDefinitions", columnDefinitions)
            .addToAdditionalProperties("rows", rows)
            .build());
  }

  private Object cell(CustomResourceColumnDefinition column, List<JsonNode> values) {
    if (values.isEmpty()) {
      return null;
    }
    if ("date".equals(column.getType())) {
      // Like the real server: a date column shows the time since, e.g. "5m".
      try {
        Instant then = Instant.parse(values.get(0).asText());
        return humanDuration(Duration.between(then, clock.instant()));
      } catch (DateTimeParseException e) {
        return values.get(0).asText();
      }
    }
    if (values.size() == 1 && !values.get(0).isContainerNode()) {
      JsonNode v = values.get(0);
      return v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText();
    }
    List<String> texts = new ArrayList<>();
    values.forEach(v -> texts.add(v.isContainerNode() ? Serialization.asJson(v) : v.asText()));
    return String.join(",", texts);
  }

  private static Map<String, Object> column(
      String name, String type, String format, String description, int priority) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("type", type);
    c.put("format", format);
    c.put("description", description);
    c.put("priority", priority);
    return c;
  }

  /** Port of k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + days + "d";
    }
    return (hours / 24 / 365) + "y";
  }
}
