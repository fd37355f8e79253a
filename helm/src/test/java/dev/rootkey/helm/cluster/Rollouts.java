package dev.rootkey.helm.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Deployments rolling out, as {@code kubectl rollout status} and {@code get rs} show them. */
final class Rollouts {

  /** Image starts on a loaded 2-core machine are slow: a JVM's start, probes, a pull from disk. */
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final KubernetesClient client;

  Rollouts(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Waits until the Deployment's latest spec is rolled out completely (every replica updated and
   * available, no old one left) and it is Available: what {@code kubectl rollout status} waits for.
   */
  Deployment awaitComplete(String namespace, String name) {
    return await("Deployment " + namespace + "/" + name + " rolled out and Available")
        .atMost(TIMEOUT)
        .until(() -> deployment(namespace, name), Rollouts::complete);
  }

  /** The names of the ReplicaSets the Deployment owns now. */
  Set<String> replicaSets(String namespace, String deployment) {
    return owned(namespace, deployment).stream()
        .map(rs -> rs.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /**
   * Waits for a ReplicaSet of the Deployment that is not one of {@code before}, whose pod template
   * carries {@code annotation}={@code value}, rolled out completely: returns it.
   */
  ReplicaSet awaitNewReplicaSet(
      String namespace, String deployment, Set<String> before, String annotation, String value) {
    return await("a new ReplicaSet of " + namespace + "/" + deployment + " rolled out")
        .atMost(TIMEOUT)
        .until(
            () -> {
              if (!complete(deployment(namespace, deployment))) {
                return null;
              }
              return owned(namespace, deployment).stream()
                  .filter(rs -> !before.contains(rs.getMetadata().getName()))
                  .filter(rs -> value.equals(templateAnnotations(rs).get(annotation)))
                  .filter(rs -> !readyPods(rs).isEmpty())
                  .findFirst()
                  .orElse(null);
            },
            Objects::nonNull);
  }

  /** The pods of this ReplicaSet that run, are Ready and are not being deleted. */
  List<Pod> readyPods(ReplicaSet replicaSet) {
    String uid = replicaSet.getMetadata().getUid();
    return client
        .pods()
        .inNamespace(replicaSet.getMetadata().getNamespace())
        .withLabels(replicaSet.getSpec().getSelector().getMatchLabels())
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .filter(Rollouts::ready)
        .toList();
  }

  /** The running, Ready pods selected by these labels. */
  List<Pod> readyPods(String namespace, Map<String, String> labels) {
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(Rollouts::ready)
        .toList();
  }

  static Map<String, String> templateAnnotations(ReplicaSet replicaSet) {
    return Optional.ofNullable(replicaSet.getSpec().getTemplate().getMetadata().getAnnotations())
        .orElse(Map.of());
  }

  private Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private List<ReplicaSet> owned(String namespace, String deployment) {
    Deployment owner = deployment(namespace, deployment);
    if (owner == null) {
      return List.of();
    }
    String uid = owner.getMetadata().getUid();
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> uid.equals(o.getUid())))
        .toList();
  }

  private static boolean complete(Deployment deployment) {
    if (deployment == null || deployment.getStatus() == null) {
      return false;
    }
    var status = deployment.getStatus();
    int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    return Optional.ofNullable(status.getObservedGeneration()).orElse(0L)
            >= deployment.getMetadata().getGeneration()
        && count(status.getUpdatedReplicas()) == wanted
        && count(status.getReplicas()) == wanted
        && count(status.getAvailableReplicas()) == wanted
        && status.getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int count(Integer replicas) {
    return replicas == null ? 0 : replicas;
  }
}
