package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes this replica's KeyUsage of a RootKey: a JSON merge patch of the changed entries and {@code
 * reportedAt}, and on 404 (first report, or the operator deleted it) a create, owned by the RootKey
 * so that it goes with it. Never touches the RootKey itself.
 */
public final class KubernetesKeyUsageWriter implements KeyUsageWriter {

  private final KubernetesClient client;
  private final String replica;

  public KubernetesKeyUsageWriter(KubernetesClient client, String replica) {
    this.client = client;
    this.replica = replica;
  }

  @Override
  public void write(RootKeyRef rootKey, Map<String, String> lastUsed, Instant reportedAt) {
    String name = KeyUsage.nameFor(rootKey.name(), replica);
    try {
      // Patched through an object naming it: by name alone the client would GET it first.
      KeyUsage target = new KeyUsage();
      target.setMetadata(
          new ObjectMetaBuilder().withName(name).withNamespace(rootKey.namespace()).build());
      client
          .resource(target)
          .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch(lastUsed, reportedAt));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      // A 409 here (created meanwhile) fails this write; the next tick's patch then lands.
      client.resource(newUsage(name, rootKey, lastUsed, reportedAt)).create();
    }
  }

  private static String mergePatch(Map<String, String> lastUsed, Instant reportedAt) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("lastUsed", lastUsed);
    spec.put("reportedAt", reportedAt.toString());
    return Serialization.asJson(Map.of("spec", spec));
  }

  private KeyUsage newUsage(
      String name, RootKeyRef rootKey, Map<String, String> lastUsed, Instant reportedAt) {
    KeyUsage usage = new KeyUsage();
    usage.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(rootKey.namespace())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(RootKey.GROUP + "/" + RootKey.VERSION)
                    .withKind("RootKey")
                    .withName(rootKey.name())
                    .withUid(rootKey.uid())
                    .withBlockOwnerDeletion(false)
                    .withController(false)
                    .build())
            .build());
    KeyUsageSpec spec = new KeyUsageSpec();
    spec.setRootKey(rootKey.name());
    spec.setRootKeyUid(rootKey.uid());
    spec.setReplica(replica);
    spec.setLastUsed(new LinkedHashMap<>(lastUsed));
    spec.setReportedAt(reportedAt.toString());
    usage.setSpec(spec);
    return usage;
  }
}
