package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.KeyUsageSpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folding the replicas' KeyUsage reports into lastUsedAt, and which reports are spent. */
class UsageFoldTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String UID = "uid-billing";

  @Test
  void eachRecordTakesTheLatestUseAcrossTheReplicasReports() {
    RootKeyStatus status = status(record("key-a", null), record("key-b", null));

    RootKeyStatus folded =
        UsageFold.folded(
            status,
            UID,
            List.of(
                usage("replica-1", UID, Map.of("key-a", "2026-11-22T09:58:00Z")),
                usage(
                    "replica-2",
                    UID,
                    Map.of("key-a", "2026-11-22T09:59:30Z", "key-b", "2026-11-22T09:00:00Z"))),
            NOW);

    assertThat(folded.getKeys())
        .extracting(KeyRecord::getLastUsedAt)
        .containsExactly("2026-11-22T09:59:30Z", "2026-11-22T09:00:00Z");
    assertThat(status.getKeys().get(0).getLastUsedAt()).as("input left alone").isNull();
  }

  @Test
  void aReportAboutAnEarlierRootKeyOfTheSameNameOrOfNoneIsIgnored() {
    RootKeyStatus status = status(record("key-a", null));

    RootKeyStatus folded =
        UsageFold.folded(
            status,
            UID,
            List.of(
                usage("replica-1", "uid-earlier", Map.of("key-a", "2026-11-22T09:59:00Z")),
                usage("replica-2", null, Map.of("key-a", "2026-11-22T09:59:00Z"))),
            NOW);

    assertThat(folded.getKeys().get(0).getLastUsedAt()).isNull();
  }

  @Test
  void aUseReportedInTheFutureCountsAsNow() {
    RootKeyStatus folded =
        UsageFold.folded(
            status(record("key-a", null)),
            UID,
            List.of(usage("replica-1", UID, Map.of("key-a", "2099-01-01T00:00:00Z"))),
            NOW);

    assertThat(folded.getKeys().get(0).getLastUsedAt()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void aUseCountsAtMostAsOfTheReportCarryingItSoAReportDatedAheadIsNotFoldedAnewEachTime() {
    KeyUsage ahead = usage("replica-1", UID, Map.of("key-a", "2099-01-01T00:00:00Z"));
    ahead.getSpec().setReportedAt("2026-11-22T09:59:00Z");

    RootKeyStatus folded =
        UsageFold.folded(status(record("key-a", null)), UID, List.of(ahead), NOW);
    RootKeyStatus later =
        UsageFold.folded(folded, UID, List.of(ahead), NOW.plus(Duration.ofMinutes(10)));

    assertThat(later.getKeys().get(0).getLastUsedAt()).isEqualTo("2026-11-22T09:59:00Z");
  }

  @Test
  void anUnreadableTimeIsIgnoredAndTheOthersStillCount() {
    RootKeyStatus folded =
        UsageFold.folded(
            status(record("key-a", null), record("key-b", null)),
            UID,
            List.of(
                usage(
                    "replica-1",
                    UID,
                    Map.of("key-a", "yesterday", "key-b", "2026-11-22T11:59:00+02:00"))),
            NOW);

    assertThat(folded.getKeys())
        .extracting(KeyRecord::getLastUsedAt)
        .containsExactly(null, "2026-11-22T09:59:00Z");
  }

  @Test
  void lastUsedAtNeverMovesBackwards() {
    RootKeyStatus folded =
        UsageFold.folded(
            status(record("key-a", "2026-11-22T09:59:00Z")),
            UID,
            List.of(usage("replica-1", UID, Map.of("key-a", "2026-11-22T09:00:00Z"))),
            NOW);

    assertThat(folded.getKeys().get(0).getLastUsedAt()).isEqualTo("2026-11-22T09:59:00Z");
  }

  @Test
  void reportsAboutAnotherRootKeyAreSpent() {
    KeyUsage earlier = usage("replica-1", "uid-earlier", Map.of());
    KeyUsage noUid = usage("replica-2", null, Map.of());
    KeyUsage current = usage("replica-3", UID, Map.of());

    assertThat(
            UsageFold.spent(
                List.of(earlier, noUid, current), UID, status(record("key-a", null)), NOW))
        .containsExactly(earlier, noUid);
  }

  @Test
  void aReportUnwrittenForAnHourIsSpentOnceStatusHoldsEverythingItSays() {
    RootKeyStatus folded = status(record("key-a", "2026-11-22T08:50:00Z"));
    KeyUsage gone = usage("replica-gone", UID, Map.of("key-a", "2026-11-22T08:50:00Z"));
    gone.getSpec().setReportedAt(NOW.minus(Duration.ofMinutes(61)).toString());
    KeyUsage goneButNewer = usage("replica-newer", UID, Map.of("key-a", "2026-11-22T08:55:00Z"));
    goneButNewer.getSpec().setReportedAt(NOW.minus(Duration.ofMinutes(61)).toString());
    KeyUsage recent = usage("replica-live", UID, Map.of("key-a", "2026-11-22T08:50:00Z"));
    recent.getSpec().setReportedAt(NOW.minus(Duration.ofMinutes(59)).toString());
    KeyUsage undated = usage("replica-undated", UID, Map.of("key-a", "2026-11-22T08:50:00Z"));
    undated.getSpec().setReportedAt(null);
    KeyUsage unknownKey = usage("replica-old-key", UID, Map.of("key-gone", "2026-11-22T09:00:00Z"));
    unknownKey.getSpec().setReportedAt(NOW.minus(Duration.ofHours(2)).toString());

    assertThat(
            UsageFold.spent(
                List.of(gone, goneButNewer, recent, undated, unknownKey), UID, folded, NOW))
        .containsExactly(gone, unknownKey);
  }

  static KeyUsage usage(String replica, String uid, Map<String, String> lastUsed) {
    KeyUsageSpec spec = new KeyUsageSpec();
    spec.setRootKey("billing");
    spec.setRootKeyUid(uid);
    spec.setReplica(replica);
    spec.setLastUsed(new LinkedHashMap<>(lastUsed));
    spec.setReportedAt(NOW.toString());
    KeyUsage usage = new KeyUsage();
    usage.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing." + replica)
            .withNamespace("payments")
            .withResourceVersion("1")
            .build());
    usage.setSpec(spec);
    return usage;
  }

  private static KeyRecord record(String id, String lastUsedAt) {
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(id + "-hash");
    record.setState(KeyState.Active);
    record.setLastUsedAt(lastUsedAt);
    return record;
  }

  private static RootKeyStatus status(KeyRecord... records) {
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new java.util.ArrayList<>(List.of(records)));
    return status;
  }
}
