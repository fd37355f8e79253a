package dev.rootkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OwnStatusWritesTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
  private final OwnStatusWrites own = new OwnStatusWrites(TestClocks.at(now));

  @Test
  void theEventOfOurOwnWriteDoesNotReconcileEvenBeforeTheResponse() {
    RootKey stored = rootKey("uid-1", "10", Phase.Pending);
    own.writing(rootKey("uid-1", "10", Phase.Active));

    // The watch event comes in while the write's response is still on its way.
    RootKey event = rootKey("uid-1", "11", Phase.Active);
    assertThat(own.accept(event, stored)).as("our own write").isFalse();
    assertThat(own.accept(event, stored)).as("only once").isTrue();
  }

  @Test
  void ourWriteWhoseSealsAnOlderCrdDroppedIsStillOursSoItStartsNoReconcileLoop() {
    RootKey stored = rootKey("uid-1", "10", Phase.Active);
    RootKey written = rootKey("uid-1", "10", Phase.Active);
    KeyRecord record = new KeyRecord();
    record.setId("key-1");
    record.setHash("ab12");
    record.setSeal("c2VhbA");
    written.getStatus().getKeys().add(record);
    own.writing(written);

    RootKey pruned = rootKey("uid-1", "11", Phase.Active);
    KeyRecord unsealed = new KeyRecord(record);
    unsealed.setSeal(null);
    pruned.getStatus().getKeys().add(unsealed);
    assertThat(own.accept(pruned, stored)).isFalse();
  }

  @Test
  void someoneElsesStatusReconciles() {
    RootKey stored = rootKey("uid-1", "10", Phase.Pending);
    own.writing(rootKey("uid-1", "10", Phase.Active));

    assertThat(own.accept(rootKey("uid-1", "11", Phase.Failed), stored)).isTrue();
  }

  @Test
  void anUpdateThatChangedMoreThanTheStatusReconciles() {
    RootKey stored = rootKey("uid-1", "10", Phase.Pending);
    own.writing(rootKey("uid-1", "10", Phase.Active));

    RootKey annotated = rootKey("uid-1", "11", Phase.Active);
    annotated.getMetadata().setAnnotations(Map.of("rootkey.dev/rotate", "1"));
    RootKey edited = rootKey("uid-1", "12", Phase.Active);
    edited.getMetadata().setGeneration(2L);

    assertThat(own.accept(annotated, stored)).as("a rotate request").isTrue();
    assertThat(own.accept(edited, stored)).as("a spec edit").isTrue();
  }

  @Test
  void bothWritesOfAnIssuanceAreKnownInWhicheverOrderTheirEventsCome() {
    RootKey stored = rootKey("uid-1", "10", null);
    own.writing(rootKey("uid-1", "10", Phase.Pending));
    own.writing(rootKey("uid-1", "11", Phase.Active));

    RootKey pending = rootKey("uid-1", "11", Phase.Pending);
    assertThat(own.accept(rootKey("uid-1", "12", Phase.Active), pending)).isFalse();
    assertThat(own.accept(pending, stored)).isFalse();
  }

  @Test
  void aRefusedWriteIsForgotten() {
    RootKey stored = rootKey("uid-1", "10", Phase.Pending);
    RootKey refused = rootKey("uid-1", "10", Phase.Active);
    own.writing(refused);
    own.failed(refused);

    assertThat(own.accept(rootKey("uid-1", "11", Phase.Active), stored)).isTrue();
  }

  @Test
  void aNoteWhoseEventNeverCameExpiresAndHidesNothingLater() {
    RootKey stored = rootKey("uid-1", "10", Phase.Pending);
    own.writing(rootKey("uid-1", "10", Phase.Active));
    // The write's event was lost (a watch restarted); much later someone writes the same status.
    now.set(now.get().plus(OwnWrites.KEEP).plusSeconds(1));

    assertThat(own.accept(rootKey("uid-1", "11", Phase.Active), stored)).isTrue();
  }

  @Test
  void writesAreToldApartByRootKey() {
    own.writing(rootKey("uid-1", "10", Phase.Active));

    assertThat(own.accept(rootKey("uid-2", "11", Phase.Active), rootKey("uid-2", "10", null)))
        .isTrue();
  }

  private static RootKey rootKey(String uid, String resourceVersion, Phase phase) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid(uid)
            .withGeneration(1L)
            .withResourceVersion(resourceVersion)
            .build());
    RootKeyStatus status = new RootKeyStatus();
    status.setPhase(phase);
    rootKey.setStatus(status);
    return rootKey;
  }
}
