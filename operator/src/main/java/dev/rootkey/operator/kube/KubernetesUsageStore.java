package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.KeyUsage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * {@link UsageStore} deleting with the resourceVersion read as a precondition, after checking it
 * again: the API server refuses the delete of a rewritten report (409), and the check keeps that
 * true where preconditions are not enforced (the mock server of tests).
 */
public class KubernetesUsageStore implements UsageStore {

  private final KubernetesClient client;

  public KubernetesUsageStore(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public boolean deleteIfUnchanged(KeyUsage usage) {
    String seen = usage.getMetadata().getResourceVersion();
    Resource<KeyUsage> resource =
        client
            .resources(KeyUsage.class)
            .inNamespace(usage.getMetadata().getNamespace())
            .withName(usage.getMetadata().getName());
    KeyUsage stored = resource.get();
    if (seen == null || stored == null || !seen.equals(stored.getMetadata().getResourceVersion())) {
      return false;
    }
    try {
      return !resource.lockResourceVersion(seen).delete().isEmpty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
