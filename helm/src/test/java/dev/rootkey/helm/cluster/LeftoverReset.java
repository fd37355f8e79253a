package dev.rootkey.helm.cluster;

import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;

/**
 * Removes what an earlier run on the same cluster may have left (a failed step stops before the
 * uninstall), so that a rerun starts from a bare cluster: the release, the RootKeys, the example
 * and release namespaces, and the CRDs.
 */
final class LeftoverReset {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final List<String> CRDS = List.of("rootkeys.rootkey.dev", "keyleaks.rootkey.dev");

  private final KubernetesClient client;
  private final ChartRelease release;
  private final List<String> namespaces;

  LeftoverReset(KubernetesClient client, ChartRelease release, List<String> namespaces) {
    this.client = client;
    this.release = release;
    this.namespaces = namespaces;
  }

  void run() {
    release.uninstall();
    if (crdsPresent()) {
      // With the release gone no operator releases a delete-protection finalizer: drop them.
      for (RootKey rootKey : client.resources(RootKey.class).inAnyNamespace().list().getItems()) {
        if (!rootKey.getMetadata().getFinalizers().isEmpty()) {
          client
              .resource(rootKey)
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
        }
        client.resource(rootKey).delete();
      }
    }
    for (String namespace : namespaces) {
      client.namespaces().withName(namespace).delete();
    }
    for (String crd : CRDS) {
      client.apiextensions().v1().customResourceDefinitions().withName(crd).delete();
    }
    await("leftovers of an earlier run gone")
        .atMost(TIMEOUT)
        .until(
            () ->
                namespaces.stream().allMatch(n -> gone(client.namespaces().withName(n).get()))
                    && !crdsPresent());
  }

  private boolean crdsPresent() {
    return CRDS.stream()
        .anyMatch(
            crd ->
                !gone(client.apiextensions().v1().customResourceDefinitions().withName(crd).get()));
  }

  private static boolean gone(HasMetadata resource) {
    return resource == null;
  }
}
