package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RestartTarget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls Deployments, StatefulSets and DaemonSets the way {@code kubectl rollout restart} does: by
 * changing an annotation of the pod template, here to the id of the key the new pods should read.
 */
public class KubernetesWorkloadRestarter implements WorkloadRestarter {

  private static final Logger log = LoggerFactory.getLogger(KubernetesWorkloadRestarter.class);

  private final KubernetesClient client;

  public KubernetesWorkloadRestarter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<String> restart(String namespace, List<RestartTarget> targets, String keyId) {
    List<String> missing = new ArrayList<>();
    for (RestartTarget target : targets) {
      List<? extends HasMetadata> workloads = find(namespace, target);
      if (workloads.isEmpty()) {
        missing.add(describe(target));
      }
      for (HasMetadata workload : workloads) {
        roll(namespace, target.getKind(), workload.getMetadata().getName(), keyId);
      }
    }
    return missing;
  }

  private List<? extends HasMetadata> find(String namespace, RestartTarget target) {
    Class<? extends HasMetadata> type = typeOf(target.getKind());
    var inNamespace = client.resources(type).inNamespace(namespace);
    if (target.getName() != null) {
      HasMetadata one = inNamespace.withName(target.getName()).get();
      return one == null ? List.of() : List.of(one);
    }
    return inNamespace.withLabelSelector(target.getSelector()).list().getItems();
  }

  private void roll(String namespace, RestartTarget.Kind kind, String name, String keyId) {
    // A JSON merge patch of one annotation: rolling twice for the same key is a no-op.
    Map<String, Object> patch =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of(
                    "metadata",
                    Map.of("annotations", Map.of(RESTARTED_FOR_KEY_ANNOTATION, keyId)))));
    client
        .resources(typeOf(kind))
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            io.fabric8.kubernetes.client.utils.Serialization.asJson(patch));
    log.info("Rolled {} {}/{} for key {}", kind, namespace, name, keyId);
  }

  private static Class<? extends HasMetadata> typeOf(RestartTarget.Kind kind) {
    return switch (kind) {
      case Deployment -> Deployment.class;
      case StatefulSet -> StatefulSet.class;
      case DaemonSet -> DaemonSet.class;
    };
  }

  static String describe(RestartTarget target) {
    if (target.getName() != null) {
      return target.getKind() + " " + target.getName();
    }
    return target.getKind() + " matching " + target.getSelector().getMatchLabels();
  }
}
