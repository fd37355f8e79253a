package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What happens to a RootKey at its spec.expiresAt, at fixed instants. */
class ExpiryTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
  private static final String EXPIRES_AT = "2026-11-22T12:00:00Z";
  private static final Instant END = Instant.parse(EXPIRES_AT);

  private final GeneratedKey key = new KeyGenerator(new SecureRandom()).generate("rk");

  @Test
  void theRootKeyExpiresAtSpecExpiresAtAndNotAMillisecondBefore() {
    RootKey rootKey = rootKey(Map.of());

    assertThat(expiryAt(END.minusMillis(1)).reached(rootKey)).isFalse();
    assertThat(expiryAt(END).reached(rootKey)).isTrue();
  }

  @Test
  void anExpiredRootKeyIsWrittenExpiredToldOnceAndItsRotateRequestRefused() {
    RootKey rootKey = rootKey(Map.of(RotationAnnotations.ROTATE, "please"));

    Plan plan = expiryAt(END).expire(rootKey, rootKey.getStatus(), List.of());

    assertThat(plan.wakeUp()).isEmpty();
    assertThat(plan.steps())
        .map(Step::getClass)
        .containsExactly(Step.WriteStatus.class, Step.Tell.class, Step.Tell.class, Step.Tell.class);
    RootKeyStatus expired = ((Step.WriteStatus) plan.steps().get(0)).status();
    assertThat(expired.getPhase()).isEqualTo(Phase.Expired);
    assertThat(expired.getKeys()).allMatch(k -> k.getState() == KeyState.Expired);
    assertThat(expired.getLastRotateRequest()).isEqualTo("please");
    assertThat(((Step.Tell) plan.steps().get(1)).report())
        .isEqualTo(new Report.RootKeyExpired(List.of(expired.getKeys().get(0)), END));
    assertThat(((Step.Tell) plan.steps().get(2)).report())
        .isInstanceOf(Report.RotationRefused.class);
    assertThat(((Step.Tell) plan.steps().get(3)).report())
        .isInstanceOf(Report.InExpiredPhase.class);
  }

  @Test
  void aLeakReportedAfterExpiryIsAnsweredAsNoLongerValid() {
    RootKey rootKey = rootKey(Map.of());
    KeyRecord record = rootKey.getStatus().getKeys().get(0);

    Plan plan =
        expiryAt(END.plusSeconds(60)).expire(rootKey, rootKey.getStatus(), List.of(leak(record)));

    Step.AnswerLeak answer = (Step.AnswerLeak) plan.steps().get(plan.steps().size() - 1);
    assertThat(answer.answer().getAction()).isEqualTo(LeakAction.AlreadyInvalid);
    assertThat(answer.answer().getHandledAt()).isEqualTo("2026-11-22T12:01:00Z");
  }

  private RootKey rootKey(Map<String, String> annotations) {
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    spec.setExpiresAt(EXPIRES_AT);
    RotationPolicy policy = RotationPolicy.of(spec);
    StatusPlanner planner = new StatusPlanner(Clock.fixed(ISSUED, ZoneOffset.UTC));
    RootKeyStatus issued =
        planner.activated(
            planner.withPending(
                new RootKeyStatus(), key, RotationRequest.of(IssueTrigger.Created, "1h")),
            key.id(),
            policy,
            1,
            Set.of());
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid("uid-billing")
            .withGeneration(1L)
            .withAnnotations(annotations)
            .build());
    rootKey.setSpec(spec);
    rootKey.setStatus(issued);
    return rootKey;
  }

  private static KeyLeak leak(KeyRecord record) {
    KeyLeak leak = new KeyLeak();
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey("billing");
    spec.setKeyId(record.getId());
    spec.setTokenHash(record.getHash());
    leak.setSpec(spec);
    leak.setMetadata(new ObjectMetaBuilder().withName(KeyLeak.nameFor(record.getId())).build());
    return leak;
  }

  private static Expiry expiryAt(Instant instant) {
    return new Expiry(new StatusPlanner(Clock.fixed(instant, ZoneOffset.UTC)));
  }
}
