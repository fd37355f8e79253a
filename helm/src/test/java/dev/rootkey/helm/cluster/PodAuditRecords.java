package dev.rootkey.helm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit records in the logs of a component's pods, as a log pipeline picks them out of the
 * container output: lines that are JSON objects with schema rootkey.dev/audit/v1.
 */
final class PodAuditRecords {

  static final String SCHEMA = "rootkey.dev/audit/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  PodAuditRecords(KubernetesClient client) {
    this.client = client;
  }

  /** The records of one RootKey in the current logs of every pod with these labels. */
  List<JsonNode> of(
      String podNamespace, Map<String, String> podLabels, String namespace, String name) {
    List<JsonNode> records = new ArrayList<>();
    for (Pod pod :
        client.pods().inNamespace(podNamespace).withLabels(podLabels).list().getItems()) {
      String log;
      try {
        log = client.pods().resource(pod).getLog();
      } catch (RuntimeException e) {
        // A pod that has not started a container yet has no log.
        continue;
      }
      log.lines()
          .filter(line -> line.startsWith("{"))
          .map(PodAuditRecords::parse)
          .filter(r -> SCHEMA.equals(r.path("schema").asText()))
          .filter(r -> namespace.equals(r.path("rootKey").path("namespace").asText()))
          .filter(r -> name.equals(r.path("rootKey").path("name").asText()))
          .forEach(records::add);
    }
    return records;
  }

  /** "operation by username" for each record, e.g. "rootkey.edited by alice@example.com". */
  static String whoDidWhat(JsonNode record) {
    return record.path("operation").asText()
        + " by "
        + record.path("actor").path("username").asText();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
