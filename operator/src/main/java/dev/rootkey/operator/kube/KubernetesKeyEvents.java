package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@link KeyEvents} as core/v1 Events on the RootKey, as `kubectl describe` shows them.
 * Each Event is made, timestamped and logged when the operation happens; only the write goes to the
 * given writer, which may send it later (see {@link BackgroundEventWriter}), so that a waiting
 * write neither holds its RootKey nor carries the time it was sent instead of the time it tells of.
 */
public class KubernetesKeyEvents implements KeyEvents {

  static final String COMPONENT = "rootkey-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesKeyEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Executor writer;

  /** Writes each Event before returning. */
  public KubernetesKeyEvents(KubernetesClient client, Clock clock) {
    this(client, clock, Runnable::run);
  }

  public KubernetesKeyEvents(KubernetesClient client, Clock clock, Executor writer) {
    this.client = client;
    this.clock = clock;
    this.writer = writer;
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
    writer.execute(() -> write(event));
  }

  private void write(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort, as in Kubernetes itself: never fail a key operation over one.
      log.warn(
          "Could not record event {} on {}/{}: {}",
          event.getReason(),
          event.getInvolvedObject().getNamespace(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }
}
