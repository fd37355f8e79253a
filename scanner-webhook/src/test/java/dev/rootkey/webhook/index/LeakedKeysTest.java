package dev.rootkey.webhook.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeakedKeysTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);

  private final LeakedKeys leaked = new LeakedKeys();
  private final IndexedKey billing = key("payments", "billing", "k1", HASH_A);

  @Test
  void withNoLeakNoKeyIsNamed() {
    assertThat(leaked.names(billing)).isFalse();
  }

  @Test
  void aKeyLeakNamingTheRecordInFullNamesIt() {
    leaked.watched("payments", "k1", new LeakedKeys.Claim("payments", "billing", "k1", HASH_A));

    assertThat(leaked.names(billing)).isTrue();
  }

  @Test
  void aKeyLeakDiffersInAnyPartFromTheRecordNamesNothing() {
    leaked.watched("payments", "x1", new LeakedKeys.Claim("payments", "billing", "k2", HASH_A));
    leaked.watched("payments", "x2", new LeakedKeys.Claim("payments", "search", "k1", HASH_A));
    leaked.watched("other", "x3", new LeakedKeys.Claim("other", "billing", "k1", HASH_A));
    leaked.watched("payments", "x4", new LeakedKeys.Claim("payments", "billing", "k1", HASH_B));

    assertThat(leaked.names(billing)).isFalse();
  }

  @Test
  void aKeyFiledByThisReplicaIsNamedUntilItsKeyLeakIsDeleted() {
    leaked.filed("payments", "k1", LeakedKeys.Claim.of(billing));
    assertThat(leaked.names(billing)).isTrue();

    leaked.deleted("payments", "k1");

    assertThat(leaked.names(billing)).isFalse();
  }

  @Test
  void aKeyLeakOfTheSameNameSayingSomethingElseDoesNotOverrideWhatThisReplicaFiled() {
    leaked.filed("payments", "k1", LeakedKeys.Claim.of(billing));

    leaked.watched("payments", "k1", new LeakedKeys.Claim("payments", "billing", "k1", HASH_B));

    assertThat(leaked.names(billing)).isTrue();
  }

  @Test
  void aKeyLeakChangedToNameAnotherRecordNoLongerNamesTheFirst() {
    leaked.watched("payments", "x1", LeakedKeys.Claim.of(billing));
    leaked.watched("payments", "x1", new LeakedKeys.Claim("payments", "billing", "k1", HASH_B));

    assertThat(leaked.names(billing)).isFalse();
    assertThat(leaked.names(key("payments", "billing", "k1", HASH_B))).isTrue();
  }

  @Test
  void aKeyNamedTwiceIsNamedUntilBothAreGone() {
    leaked.watched("payments", "x1", LeakedKeys.Claim.of(billing));
    leaked.watched("payments", "x2", LeakedKeys.Claim.of(billing));
    leaked.filed("payments", "x2", LeakedKeys.Claim.of(billing));

    leaked.deleted("payments", "x1");
    assertThat(leaked.names(billing)).isTrue();
    // The watch no longer reads x2, but this replica filed it.
    leaked.unreadable("payments", "x2");
    assertThat(leaked.names(billing)).isTrue();
    leaked.deleted("payments", "x2");
    assertThat(leaked.names(billing)).isFalse();
  }

  @Test
  void aKeyLeakRewrittenWithTheSameClaimNamesItsKeyThroughoutToReadersOnOtherThreads()
      throws Exception {
    LeakedKeys.Claim claim = LeakedKeys.Claim.of(billing);
    leaked.watched("payments", "x1", claim);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong unnamed = new AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              while (writing.get()) {
                if (!leaked.names(billing)) {
                  unnamed.incrementAndGet();
                }
              }
            });
    reader.start();

    // As the watch delivers a KeyLeak's status updates: the same claim, again and again.
    for (int i = 0; i < 100_000; i++) {
      leaked.watched("payments", "x1", claim);
    }
    writing.set(false);
    reader.join();

    assertThat(unnamed).hasValue(0);
  }

  @Test
  void thousandsOfKeyLeaksAreEachNamedAndEachDeletionLiftsOnlyItsOwn() {
    int count = 20_000;
    for (int i = 0; i < count; i++) {
      leaked.watched("payments", "x" + i, claim(i));
    }
    for (int i = 0; i < count; i += 2) {
      leaked.deleted("payments", "x" + i);
    }

    for (int i = 0; i < count; i++) {
      assertThat(leaked.names(key("payments", "rk-" + i, "k1", hash(i)))).isEqualTo(i % 2 == 1);
    }
  }

  @Test
  void aKeyLeakThatBecomesUnreadableNoLongerNamesItsKey() {
    leaked.watched("payments", "k1", LeakedKeys.Claim.of(billing));

    leaked.unreadable("payments", "k1");

    assertThat(leaked.names(billing)).isFalse();
  }

  @Test
  void aKeyLeakWithAnUnreadableSpecClaimsNothing() {
    KeyLeak leak =
        Serialization.unmarshal(
            "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"KeyLeak\",\"metadata\":"
                + "{\"name\":\"k1\",\"namespace\":\"payments\"},\"spec\":{\"rootKey\":"
                + "{\"not\":\"a name\"},\"keyId\":\"k1\",\"tokenHash\":\""
                + HASH_A
                + "\"}}",
            KeyLeak.class);

    assertThat(KeyLeakInformer.claimOf(leak)).isEmpty();
  }

  @Test
  void aKeyLeakLeavingOutThePartsOfTheRecordClaimsNothing() {
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(new ObjectMetaBuilder().withName("k1").withNamespace("payments").build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setTokenHash(HASH_A);
    leak.setSpec(spec);

    assertThat(KeyLeakInformer.claimOf(leak)).isEmpty();
  }

  @Test
  void aReadableKeyLeakClaimsTheRecordItNamesInItsOwnNamespace() {
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(new ObjectMetaBuilder().withName("k1").withNamespace("payments").build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey("billing");
    spec.setKeyId("k1");
    spec.setTokenHash(HASH_A);
    leak.setSpec(spec);

    assertThat(KeyLeakInformer.claimOf(leak))
        .contains(new LeakedKeys.Claim("payments", "billing", "k1", HASH_A));
  }

  private static IndexedKey key(String namespace, String name, String id, String hash) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(hash);
    return new IndexedKey(rootKey, record);
  }

  private static LeakedKeys.Claim claim(int i) {
    return new LeakedKeys.Claim("payments", "rk-" + i, "k1", hash(i));
  }

  private static String hash(int i) {
    return String.format("%064x", i);
  }
}
