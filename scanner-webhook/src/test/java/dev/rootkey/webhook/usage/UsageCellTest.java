package dev.rootkey.webhook.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class UsageCellTest {

  private static final long T = 1_796_000_000_000L;

  private final UsageCell cell =
      new UsageCell(new RootKeyRef("payments", "billing", "u"), "k", "h");

  @Test
  void aCellStartsUnused() {
    assertThat(cell.lastUsedMillis()).isZero();
    assertThat(cell.hasUnreportedUse()).isFalse();
  }

  @Test
  void aUseWithinTheSameSecondLeavesTheTimeAndASecondLaterMovesIt() {
    cell.presentedAt(T);
    cell.presentedAt(T + 999);
    assertThat(cell.lastUsedMillis()).isEqualTo(T);

    cell.presentedAt(T + 1_000);
    assertThat(cell.lastUsedMillis()).isEqualTo(T + 1_000);
  }

  @Test
  void anEarlierTimeNeverMovesItBack() {
    cell.presentedAt(T);
    cell.presentedAt(T - 60_000);
    assertThat(cell.lastUsedMillis()).isEqualTo(T);
  }

  @Test
  void aReportedTimeIsNoLongerWaitingButALaterUseIs() {
    cell.presentedAt(T);
    assertThat(cell.hasUnreportedUse()).isTrue();

    cell.reported(T);
    assertThat(cell.hasUnreportedUse()).isFalse();

    cell.presentedAt(T + 5_000);
    assertThat(cell.hasUnreportedUse()).isTrue();
  }

  @Test
  void theTableHandsOutOneCellPerKeyAcrossTheRootKeyObjectsTheInformerReplaces() {
    UsageTable table = new UsageTable();
    KeyRecord record = record("k1", "h1");

    UsageCell first = table.cellFor("h1", rootKey("uid-1", "1"), record);
    first.presentedAt(T);
    UsageCell afterStatusWrite = table.cellFor("h1", rootKey("uid-1", "2"), record("k1", "h1"));

    assertThat(afterStatusWrite).isSameAs(first);
    assertThat(afterStatusWrite.lastUsedMillis()).isEqualTo(T);
    assertThat(afterStatusWrite.rootKey())
        .isEqualTo(new RootKeyRef("payments", "billing", "uid-1"));
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void aDifferentRootKeyOrRecordUnderTheSameHashGetsACellOfItsOwn() {
    UsageTable table = new UsageTable();
    UsageCell first = table.cellFor("h1", rootKey("uid-1", "1"), record("k1", "h1"));
    first.presentedAt(T);

    UsageCell recreated = table.cellFor("h1", rootKey("uid-2", "1"), record("k1", "h1"));

    assertThat(recreated).isNotSameAs(first);
    assertThat(recreated.lastUsedMillis()).isZero();
    assertThat(recreated.rootKey().uid()).isEqualTo("uid-2");
  }

  private static RootKey rootKey(String uid, String resourceVersion) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .build());
    return rootKey;
  }

  private static KeyRecord record(String id, String hash) {
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(hash);
    return record;
  }
}
