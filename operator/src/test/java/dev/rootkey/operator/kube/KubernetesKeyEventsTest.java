package dev.rootkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesKeyEventsTest {

  KubernetesClient client;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

  /** Holds writes until the test lets them go, as a busy background writer would. */
  private final Queue<Runnable> waiting = new ArrayDeque<>();

  @Test
  void aLateWriteTellsTheTimeOfTheOperationAndOfTheRootKeyAsItWasThen() {
    KubernetesKeyEvents events = new KubernetesKeyEvents(client, TestClocks.at(now), waiting::add);
    RootKey rootKey = rootKey("billing", "7");

    events.normal(rootKey, "KeyIssued", "Issued key key-0123456789abcdef");
    // The RootKey moves on and the writer is seconds behind.
    rootKey.getMetadata().setResourceVersion("8");
    now.set(now.get().plusSeconds(30));
    assertThat(storedEvents()).isEmpty();
    waiting.forEach(Runnable::run);

    assertThat(storedEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getReason()).isEqualTo("KeyIssued");
              assertThat(event.getFirstTimestamp()).isEqualTo("2026-11-23T10:00:00Z");
              assertThat(event.getLastTimestamp()).isEqualTo("2026-11-23T10:00:00Z");
              assertThat(event.getInvolvedObject().getName()).isEqualTo("billing");
              assertThat(event.getInvolvedObject().getResourceVersion()).isEqualTo("7");
            });
  }

  @Test
  void withoutAWriterEachEventIsWrittenBeforeTheCallReturns() {
    new KubernetesKeyEvents(client, TestClocks.at(now))
        .warning(rootKey("billing", "7"), "SecretLost", "The Secret was deleted");

    assertThat(storedEvents()).extracting(Event::getType).containsExactly("Warning");
  }

  private List<Event> storedEvents() {
    return client.v1().events().inNamespace("payments").list().getItems();
  }

  private static RootKey rootKey(String name, String resourceVersion) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .withUid("uid-" + name)
            .withResourceVersion(resourceVersion)
            .build());
    return rootKey;
  }
}
