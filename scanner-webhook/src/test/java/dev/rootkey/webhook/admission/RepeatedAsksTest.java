package dev.rootkey.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.testing.TestingClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatedAsksTest {

  /** Where the API server's calls come from (a control-plane node). */
  private static final String API_SERVER = "172.18.0.2";

  private final TestingClock clock = new TestingClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final RepeatedAsks asks = new RepeatedAsks(clock);

  @Test
  void theSecondAskAboutOneRefusedDeleteIsARepeatUntilTheWindowHasPassed() {
    RepeatedAsks.Ask refused = refusedDelete("dave", protectedKey("uid-1", "resourceVersion-1"));
    // The API server's second ask comes with etcd's copy, which may be at a newer resourceVersion.
    RepeatedAsks.Ask again = refusedDelete("dave", protectedKey("uid-1", "resourceVersion-2"));

    assertThat(asks.isRepeat(refused)).isFalse();
    clock.advance(Duration.ofMillis(10));
    assertThat(asks.isRepeat(again)).isTrue();
    clock.advance(RepeatedAsks.WINDOW);
    assertThat(asks.isRepeat(again)).isFalse();
  }

  @Test
  void anotherPersonOrRootKeyIsAnotherAsk() {
    RootKey billing = protectedKey("uid-1", "1");
    assertThat(asks.isRepeat(refusedDelete("dave", billing))).isFalse();

    assertThat(asks.isRepeat(refusedDelete("erin", billing))).isFalse();
    // Deleted and created again under the same name: a new uid.
    assertThat(asks.isRepeat(refusedDelete("dave", protectedKey("uid-2", "1")))).isFalse();
    assertThat(asks.isRepeat(refusedDelete("dave", billing))).isTrue();
  }

  @Test
  void aMadeUpAskFromAnotherAddressDoesNotHideTheApiServersAskAboutTheSameDelete() {
    RootKey billing = protectedKey("uid-1", "1");
    // A pod that reached the admission port copies who and what, and asks first.
    assertThat(asks.isRepeat(refusedDelete("10.244.1.17", "dave", billing))).isFalse();

    clock.advance(Duration.ofMillis(10));
    assertThat(asks.isRepeat(refusedDelete(API_SERVER, "dave", billing))).isFalse();
    clock.advance(Duration.ofMillis(10));
    assertThat(asks.isRepeat(refusedDelete(API_SERVER, "dave", billing)))
        .as("the API server's own second ask")
        .isTrue();
    assertThat(asks.isRepeat(refusedDelete("10.244.1.17", "dave", billing)))
        .as("and the pod's, asked again")
        .isTrue();
  }

  @Test
  void aDeleteAllowedOnEtcdsCopyAfterARefusalOnAStaleOneIsAnotherAsk() {
    RootKey stale = protectedKey("uid-1", "1");
    RootKey current = protectedKey("uid-1", "2");
    current.getSpec().setDeleteProtection(false);

    assertThat(asks.isRepeat(refusedDelete("dave", stale))).isFalse();
    assertThat(
            asks.isRepeat(
                RepeatedAsks.of(API_SERVER, AuditOperation.ROOTKEY_DELETED, "dave", current, null)))
        .isFalse();
  }

  @Test
  void editsBackAndForthAreEachAnAskButTheSameEditAskedAgainIsNot() {
    RootKey off = protectedKey("uid-1", "1");
    off.getSpec().setDeleteProtection(false);
    RootKey on = protectedKey("uid-1", "2");

    assertThat(asks.isRepeat(edit(off, on))).isFalse();
    assertThat(asks.isRepeat(edit(off, on))).as("the same edit asked again").isTrue();
    assertThat(asks.isRepeat(edit(on, off))).isFalse();
    assertThat(asks.isRepeat(edit(off, on))).as("set again after it was set back").isFalse();
    assertThat(asks.isRepeat(edit(off, on))).as("and that asked again").isTrue();
  }

  private static RepeatedAsks.Ask refusedDelete(String username, RootKey rootKey) {
    return refusedDelete(API_SERVER, username, rootKey);
  }

  private static RepeatedAsks.Ask refusedDelete(String caller, String username, RootKey rootKey) {
    return RepeatedAsks.of(caller, AuditOperation.ROOTKEY_DELETE_REFUSED, username, rootKey, null);
  }

  private static RepeatedAsks.Ask edit(RootKey before, RootKey after) {
    return RepeatedAsks.of(API_SERVER, AuditOperation.ROOTKEY_EDITED, "bob", before, after);
  }

  private static RootKey protectedKey(String uid, String resourceVersion) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("payments")
            .withName("billing")
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"))
            .build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    spec.setDeleteProtection(true);
    rootKey.setSpec(spec);
    return rootKey;
  }
}
