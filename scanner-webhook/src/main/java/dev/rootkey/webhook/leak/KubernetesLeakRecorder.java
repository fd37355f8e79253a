package dev.rootkey.webhook.leak;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.partner.ReportedToken;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Creates a KeyLeak in the RootKey's namespace, named after the key id: a re-delivery, or the same
 * key reported by another host, finds it there (409) and changes nothing.
 */
public final class KubernetesLeakRecorder implements LeakRecorder {

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesLeakRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public boolean record(IndexedKey key, String tokenHash, ReportedToken match, Reporter reporter) {
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(
        new ObjectMetaBuilder()
            .withName(KeyLeak.nameFor(key.record().getId()))
            .withNamespace(key.namespace())
            .addToLabels("rootkey.dev/rootkey", key.rootKeyName())
            .build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey(key.rootKeyName());
    spec.setKeyId(key.record().getId());
    spec.setTokenHash(tokenHash);
    spec.setUrl(match.url().orElse(null));
    spec.setSource(match.source().orElse(null));
    spec.setType(match.type());
    spec.setReporter(reporter.wireName());
    spec.setReportedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    leak.setSpec(spec);
    try {
      client.resource(leak).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }
}
