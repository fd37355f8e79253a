package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.operator.plan.GraceExtension.Retirement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How far use keeps a replaced key valid, at fixed instants. */
class GraceExtensionTest {

  private static final Instant REPLACED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant GRACE_END = REPLACED.plusSeconds(30);

  /** gracePeriod 30s, maxGracePeriod 10m, idleTimeout 1m. */
  private static final RotationPolicy POLICY = policy(Optional.of("10m"), Optional.empty());

  @Test
  void aKeyInUseStaysValidIdleTimeoutPastItsLastUse() {
    assertThat(expiresAfter(used(REPLACED.plusSeconds(20)), POLICY, REPLACED.plusSeconds(21)))
        .isEqualTo("2026-11-22T10:01:20Z");
  }

  @Test
  void theExtensionStopsMaxGracePeriodAfterTheRotation() {
    KeyRecord key = used(REPLACED.plusSeconds(580));
    // As an earlier use, at 10:08:50, extended it.
    key.setExpiresAt("2026-11-22T10:09:50Z");

    assertThat(expiresAfter(key, POLICY, REPLACED.plusSeconds(585)))
        .isEqualTo("2026-11-22T10:10:00Z");
  }

  @Test
  void theExtensionStopsAtTheRootKeysOwnExpiry() {
    RotationPolicy ending = policy(Optional.of("10m"), Optional.of(REPLACED.plusSeconds(45)));

    assertThat(expiresAfter(used(REPLACED.plusSeconds(20)), ending, REPLACED.plusSeconds(21)))
        .isEqualTo("2026-11-22T10:00:45Z");
  }

  @Test
  void anEarlierUseNeverShortensTheExpiry() {
    KeyRecord key = used(REPLACED.minus(Duration.ofMinutes(5)));

    assertThat(expiresAfter(key, POLICY, REPLACED.plusSeconds(1))).isEqualTo(GRACE_END.toString());
  }

  @Test
  void aUseReportedAfterTheKeyExpiredNeverRevivesIt() {
    KeyRecord key = used(REPLACED.plusSeconds(29));

    assertThat(expiresAfter(key, POLICY, GRACE_END)).isEqualTo(GRACE_END.toString());
  }

  @Test
  void withoutMaxGracePeriodAKeyInUseRetiresAtItsGraceEnd() {
    RotationPolicy noMax = policy(Optional.empty(), Optional.empty());

    assertThat(expiresAfter(used(REPLACED.plusSeconds(20)), noMax, REPLACED.plusSeconds(21)))
        .isEqualTo(GRACE_END.toString());
  }

  @Test
  void aKeyReplacedBeforeReplacementTimesWereRecordedIsNeverExtended() {
    KeyRecord key = used(REPLACED.plusSeconds(20));
    key.setReplacedAt(null);

    assertThat(expiresAfter(key, POLICY, REPLACED.plusSeconds(21))).isEqualTo(GRACE_END.toString());
  }

  @Test
  void aForgedFutureLastUseBuysNoMoreThanAUseNow() {
    KeyRecord key = used(REPLACED.plus(Duration.ofDays(1)));

    assertThat(expiresAfter(key, POLICY, REPLACED.plusSeconds(21)))
        .isEqualTo("2026-11-22T10:01:21Z");
  }

  @Test
  void aRetiredKeySaysWhetherItsGraceEndedItWentIdleOrItReachedMaxGracePeriod() {
    KeyRecord notExtended = used(REPLACED.plusSeconds(1));
    assertThat(GraceExtension.retirement(notExtended, POLICY)).isEqualTo(Retirement.GRACE_PERIOD);

    KeyRecord idle = used(REPLACED.plusSeconds(20));
    idle.setExpiresAt("2026-11-22T10:01:20Z");
    assertThat(GraceExtension.retirement(idle, POLICY)).isEqualTo(Retirement.IDLE);

    KeyRecord capped = used(REPLACED.plusSeconds(590));
    capped.setExpiresAt("2026-11-22T10:10:00Z");
    assertThat(GraceExtension.retirement(capped, POLICY)).isEqualTo(Retirement.MAX_GRACE_PERIOD);

    RotationPolicy ending = policy(Optional.of("10m"), Optional.of(REPLACED.plusSeconds(45)));
    KeyRecord cut = used(REPLACED.plusSeconds(20));
    cut.setExpiresAt("2026-11-22T10:00:45Z");
    assertThat(GraceExtension.retirement(cut, ending)).isEqualTo(Retirement.ROOT_KEY_EXPIRED);

    KeyRecord usedNoMax = used(REPLACED.plusSeconds(20));
    assertThat(GraceExtension.retirement(usedNoMax, policy(Optional.empty(), Optional.empty())))
        .isEqualTo(Retirement.GRACE_PERIOD);
  }

  /** The expiresAt the extension leaves {@code key} with at {@code now}. */
  private static String expiresAfter(KeyRecord key, RotationPolicy policy, Instant now) {
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new ArrayList<>(List.of(key)));
    String before = key.getExpiresAt();
    RootKeyStatus extended = GraceExtension.extended(status, policy, now);
    assertThat(key.getExpiresAt()).as("input left alone").isEqualTo(before);
    return extended.getKeys().get(0).getExpiresAt();
  }

  /** An Expiring key replaced at REPLACED with a 30s grace, last used at {@code lastUsed}. */
  private static KeyRecord used(Instant lastUsed) {
    KeyRecord key = new KeyRecord();
    key.setId("key-old");
    key.setHash("hash-old");
    key.setState(KeyState.Expiring);
    key.setReplacedAt(REPLACED.toString());
    key.setExpiresAt(GRACE_END.toString());
    key.setLastUsedAt(lastUsed.toString());
    return key;
  }

  private static RotationPolicy policy(Optional<String> maxGrace, Optional<Instant> expiresAt) {
    return new RotationPolicy(Optional.empty(), "30s", expiresAt, 10, maxGrace, "1m");
  }
}
