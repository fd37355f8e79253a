package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers {@code as=Table} for the built-in kinds whose columns kubectl users look at in the
 * sandbox (Events, Secrets, Namespaces and the workloads a RootKey restarts) with the columns and
 * cells of Kubernetes' own server-side printers. Every column is sent, those of {@code -o wide}
 * with priority 1, and each row carries the object's metadata only, as a real server does.
 */
final class BuiltInTables {

  private record Column(String name, String type, int priority) {}

  private record Printer(List<Column> columns, Function<JsonNode, List<Object>> cells) {}

  private final Clock clock;
  private final Map<String, Printer> printers = new LinkedHashMap<>();

  BuiltInTables(Clock clock) {
    this.clock = clock;
    printers.put(
        "v1/events",
        new Printer(
            List.of(
                column("Last Seen"),
                column("Type"),
                column("Reason"),
                column("Object"),
                wide("Subobject"),
                wide("Source"),
                column("Message"),
                wide("First Seen"),
                wide("Count"),
                wide("Name")),
            this::event));
    printers.put(
        "v1/secrets",
        new Printer(
            List.of(column("Name"), column("Type"), column("Data"), column("Age")),
            s ->
                List.of(
                    name(s),
                    s.path("type").asText(""),
                    s.path("data").size(),
                    age(s.at("/metadata/creationTimestamp")))));
    printers.put(
        "v1/namespaces",
        new Printer(
            List.of(column("Name"), column("Status"), column("Age")),
            n ->
                List.of(
                    name(n),
                    n.at("/status/phase").asText(""),
                    age(n.at("/metadata/creationTimestamp")))));
    printers.put(
        "apps/v1/deployments",
        new Printer(
            List.of(
                column("Name"),
                column("Ready"),
                column("Up-to-date"),
                column("Available"),
                column("Age"),
                wide("Containers"),
                wide("Images"),
                wide("Selector")),
            d ->
                List.of(
                    name(d),
                    d.at("/status/readyReplicas").asLong() + "/" + replicas(d),
                    d.at("/status/updatedReplicas").asLong(),
                    d.at("/status/availableReplicas").asLong(),
                    age(d.at("/metadata/creationTimestamp")),
                    containers(d, "name"),
                    containers(d, "image"),
                    selector(d))));
    printers.put(
        "apps/v1/statefulsets",
        new Printer(
            List.of(
                column("Name"), column("Ready"), column("Age"), wide("Containers"), wide("Images")),
            s ->
                List.of(
                    name(s),
                    s.at("/status/readyReplicas").asLong() + "/" + replicas(s),
                    age(s.at("/metadata/creationTimestamp")),
                    containers(s, "name"),
                    containers(s, "image"))));
    printers.put(
        "apps/v1/daemonsets",
        new Printer(
            List.of(
                column("Name"),
                new Column("Desired", "integer", 0),
                new Column("Current", "integer", 0),
                new Column("Ready", "integer", 0),
                new Column("Up-to-date", "integer", 0),
                new Column("Available", "integer", 0),
                column("Node Selector"),
                column("Age"),
                wide("Containers"),
                wide("Images"),
                wide("Selector")),
            d ->
                List.of(
                    name(d),
                    d.at("/status/desiredNumberScheduled").asLong(),
                    d.at("/status/currentNumberScheduled").asLong(),
                    d.at("/status/numberReady").asLong(),
                    d.at("/status/updatedNumberScheduled").asLong(),
                    d.at("/status/numberAvailable").asLong(),
                    labels(d.at("/spec/template/spec/nodeSelector")),
                    age(d.at("/metadata/creationTimestamp")),
                    containers(d, "name"),
                    containers(d, "image"),
                    selector(d))));
  }

  /** The table for a GET of {@code path} that answered {@code body}, for the kinds above. */
  Optional<GenericKubernetesResource> toTable(String path, byte[] body) {
    Optional<ApiPath> resource = ApiPath.parse(path);
    if (resource.isEmpty() || resource.get().subresource() != null) {
      return Optional.empty();
    }
    Printer printer = printers.get(resource.get().groupVersion() + "/" + resource.get().plural());
    if (printer == null) {
      return Optional.empty();
    }
    JsonNode response =
        Serialization.unmarshal(new String(body, StandardCharsets.UTF_8), JsonNode.class);
    List<JsonNode> objects = new ArrayList<>();
    if (resource.get().isCollection()) {
      response.path("items").forEach(objects::add);
    } else {
      objects.add(response);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode object : objects) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", printer.cells().apply(object));
      row.put("object", metadataOnly(object));
      rows.add(row);
    }
    List<Map<String, Object>> columns = new ArrayList<>();
    for (Column c : printer.columns()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", c.name());
      column.put("type", c.type());
      column.put("format", c.name().equals("Name") ? "name" : "");
      column.put("description", "");
      column.put("priority", c.priority());
      columns.add(column);
    }
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion("meta.k8s.io/v1")
            .withKind("Table")
            .withNewMetadata()
            .withResourceVersion(response.at("/metadata/resourceVersion").asText(null))
            .endMetadata()
            .addToAdditionalProperties("columnDefinitions", columns)
            .addToAdditionalProperties("rows", rows)
            .build());
  }

  /**
   * What a real server puts in a row by default ({@code includeObject=Metadata}): the metadata
   * kubectl reads namespaces and labels from, not a Secret's data.
   */
  private static Map<String, Object> metadataOnly(JsonNode object) {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.put("metadata", object.path("metadata"));
    return partial;
  }

  /** As Kubernetes prints an Event: times since, the object as kind/name, the source. */
  private List<Object> event(JsonNode e) {
    String first = age(e.path("firstTimestamp"));
    if (!e.path("firstTimestamp").isTextual()) {
      first = age(e.path("eventTime"));
    }
    String last = e.path("lastTimestamp").isTextual() ? age(e.path("lastTimestamp")) : first;
    long count = e.path("count").asLong(0);
    if (e.path("series").isObject()) {
      last = age(e.at("/series/lastObservedTime"));
      count = e.at("/series/count").asLong();
    } else if (count == 0) {
      count = 1; // singleton events have no count in the events.k8s.io API
    }
    JsonNode involved = e.path("involvedObject");
    String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
    String object =
        involved.path("name").asText("").isEmpty()
            ? kind
            : kind + "/" + involved.path("name").asText();
    List<Object> cells = new ArrayList<>();
    cells.add(last);
    cells.add(e.path("type").asText(""));
    cells.add(e.path("reason").asText(""));
    cells.add(object);
    cells.add(involved.path("fieldPath").asText(""));
    cells.add(source(e));
    cells.add(e.path("message").asText("").strip());
    cells.add(first);
    cells.add(count);
    cells.add(name(e));
    return cells;
  }

  private static String source(JsonNode e) {
    String component = firstNonEmpty(e.at("/source/component"), e.path("reportingController"));
    String instance = firstNonEmpty(e.at("/source/host"), e.path("reportingInstance"));
    if (component.isEmpty()) {
      return "<unknown>";
    }
    return instance.isEmpty() ? component : component + ", " + instance;
  }

  private static String firstNonEmpty(JsonNode a, JsonNode b) {
    return a.asText("").isEmpty() ? b.asText("") : a.asText();
  }

  /** Time since {@code timestamp}, as kubectl shows ages; {@code <unknown>} when there is none. */
  private String age(JsonNode timestamp) {
    if (!timestamp.isTextual()) {
      return "<unknown>";
    }
    try {
      return TablePrinter.humanDuration(
          Duration.between(Instant.parse(timestamp.asText()), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  /** spec.replicas, 1 when unset as the API server defaults it. */
  private static long replicas(JsonNode workload) {
    return workload.at("/spec/replicas").asLong(1);
  }

  private static String containers(JsonNode workload, String field) {
    List<String> values = new ArrayList<>();
    workload.at("/spec/template/spec/containers").forEach(c -> values.add(c.path(field).asText()));
    return String.join(",", values);
  }

  /** The label selector as kubectl writes it, e.g. {@code app=billing}. */
  private static String selector(JsonNode workload) {
    JsonNode selector = workload.at("/spec/selector");
    List<String> requirements = new ArrayList<>();
    selector
        .path("matchLabels")
        .fields()
        .forEachRemaining(f -> requirements.add(f.getKey() + "=" + f.getValue().asText()));
    requirements.sort(null);
    for (JsonNode expression : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      String key = expression.path("key").asText();
      switch (expression.path("operator").asText()) {
        case "In" -> requirements.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> requirements.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> requirements.add(key);
        case "DoesNotExist" -> requirements.add("!" + key);
        default -> requirements.add(key);
      }
    }
    return requirements.isEmpty() ? "<none>" : String.join(",", requirements);
  }

  private static String labels(JsonNode map) {
    List<String> pairs = new ArrayList<>();
    map.fields().forEachRemaining(f -> pairs.add(f.getKey() + "=" + f.getValue().asText()));
    return pairs.isEmpty() ? "<none>" : String.join(",", pairs.stream().sorted().toList());
  }

  private static Column column(String name) {
    return new Column(name, "string", 0);
  }

  private static Column wide(String name) {
    return new Column(name, "string", 1);
  }
}
