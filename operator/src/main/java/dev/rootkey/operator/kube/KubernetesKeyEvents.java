package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records {@link KeyEvents} as core/v1 Events on the RootKey, as `kubectl describe` shows them. */
public class KubernetesKeyEvents implements KeyEvents {

  static final String COMPONENT = "rootkey-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesKeyEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesKeyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void normal(RootKey rootKey, String reason, String message) {
    record(rootKey, "Normal", reason, message);
  }

  @Override
  public void warning(RootKey rootKey, String reason, String message) {
    record(rootKey, "Warning", reason, message);
  }

  private void record(RootKey rootKey, String type, String reason, String message) {
    var metadata = rootKey.getMetadata();
    String now = clock.instant().toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(metadata.getName() + ".")
            .withNamespace(metadata.getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(rootKey.getApiVersion())
            .withKind(rootKey.getKind())
            .withName(metadata.getName())
            .withNamespace(metadata.getNamespace())
            .withUid(metadata.getUid())
            .withResourceVersion(metadata.getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    log.info("{} {}/{}: {} {}", type, metadata.getNamespace(), metadata.getName(), reason, message);
    try {
      client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort, as in Kubernetes itself: never fail a key operation over one.
      log.warn("Could not record event {} on {}: {}", reason, metadata.getName(), e.getMessage());
    }
  }
}
