package dev.rootkey.webhook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.index.LeakedKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class KeyVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private final TestingClock clock = new TestingClock(NOW);
  private final TestingKeyIndex index = new TestingKeyIndex();
  private final VerificationCounts counts = new VerificationCounts();
  private final LeakedKeys leaked = new LeakedKeys();
  private final KeyVerifier verifier = new KeyVerifier(index, leaked, clock, counts);
  private final CallerAddress office = caller("203.0.113.9");

  @Test
  void anActiveKeyIsValidAndCarriesItsKeyRootKeyAndPermissions() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "api.*.verify_key"));

    Verification verification = verifier.verify(billing.token(), List.of(), office);

    assertThat(verification.code()).isEqualTo(VerificationCode.VALID);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.keyId()).isEqualTo(billing.key.id());
    assertThat(verification.namespace()).isEqualTo("payments");
    assertThat(verification.name()).isEqualTo("billing");
    assertThat(verification.permissions()).containsExactly("api.*.verify_key");
    assertThat(verification.expiresAt()).isNull();
  }

  @Test
  void aPendingKeyIsValidBecauseItMayAlreadyBeInTheSecret() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").state(KeyState.Pending));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.VALID);
  }

  @Test
  void aMalformedKeyIsNotFoundWithoutALookup() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));
    String token = billing.token();
    String wrongChecksum =
        token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");

    for (String key : List.of("", "hello", "rk_short", wrongChecksum, token + "x")) {
      Verification verification = verifier.verify(key, List.of(), office);
      assertThat(verification).as(key).isEqualTo(Verification.NOT_FOUND);
    }
    assertThat(verifier.verify(null, List.of(), office).code())
        .isEqualTo(VerificationCode.NOT_FOUND);
    assertThat(index.lookups()).isZero();
  }

  @Test
  void aWellFormedKeyWithNoRecordIsNotFoundWithNoKeyDetails() {
    String stranger = new TestingRootKeys("not-indexed", "a").token();

    Verification verification = verifier.verify(stranger, List.of(), office);

    assertThat(verification.code()).isEqualTo(VerificationCode.NOT_FOUND);
    assertThat(verification.valid()).isFalse();
    assertThat(verification.keyId()).isNull();
    assertThat(verification.namespace()).isNull();
    assertThat(verification.name()).isNull();
    assertThat(verification.permissions()).isNull();
    assertThat(verification.expiresAt()).isNull();
    assertThat(index.lookups()).isEqualTo(1);
  }

  @Test
  void aRevokedKeyIsRevokedWithItsDetails() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").state(KeyState.Revoked));

    Verification verification = verifier.verify(billing.token(), List.of(), office);

    assertThat(verification.code()).isEqualTo(VerificationCode.REVOKED);
    assertThat(verification.keyId()).isEqualTo(billing.key.id());
    assertThat(verification.name()).isEqualTo("billing");
  }

  @Test
  void aRecordWithoutAStateNeverVerifies() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").state(null));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.REVOKED);
  }

  @Test
  void anExpiredRecordIsExpired() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").state(KeyState.Expired));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void anExpiringKeyIsValidOneMillisecondBeforeItsExpiresAtAndExpiredAtThatInstant() {
    Instant expiresAt = NOW.plus(Duration.ofHours(1));
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").expiring(expiresAt));

    clock.set(expiresAt.minusMillis(1));
    Verification before = verifier.verify(billing.token(), List.of(), office);
    clock.set(expiresAt);
    Verification at = verifier.verify(billing.token(), List.of(), office);

    assertThat(before.code()).isEqualTo(VerificationCode.VALID);
    assertThat(before.expiresAt()).isEqualTo(expiresAt);
    assertThat(at.code()).isEqualTo(VerificationCode.EXPIRED);
    assertThat(at.expiresAt()).isEqualTo(expiresAt);
  }

  @Test
  void anExpiringKeyTurnsExpiredAtItsInstantThoughTheOperatorNeverWroteExpired() {
    Instant expiresAt = NOW.plus(Duration.ofMinutes(15));
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").expiring(expiresAt));

    clock.advance(Duration.ofDays(3));

    assertThat(billing.record.getState()).isEqualTo(KeyState.Expiring);
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void anActiveRecordWithAPastExpiresAtIsExpired() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));
    billing.record.setExpiresAt(NOW.toString());
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void aKeyOfAnExpiredRootKeyIsExpiredFromTheRootKeysInstantOn() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "a").rootKeyExpiresAt("2026-11-22T13:00:00+01:00"));

    clock.set(Instant.parse("2026-11-22T11:59:59.999Z"));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.VALID);
    clock.set(Instant.parse("2026-11-22T12:00:00Z"));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void expiresAtIsTheEarlierOfTheRecordsAndTheRootKeys() {
    TestingRootKeys early =
        add(
            new TestingRootKeys("early", "a")
                .expiring(NOW.plusSeconds(60))
                .rootKeyExpiresAt("2027-01-01T00:00:00Z"));
    TestingRootKeys late =
        add(
            new TestingRootKeys("late", "a")
                .expiring(NOW.plus(Duration.ofDays(60)))
                .rootKeyExpiresAt("2027-01-01T00:00:00Z"));
    TestingRootKeys rootKeyOnly =
        add(new TestingRootKeys("only", "a").rootKeyExpiresAt("2027-01-01T00:00:00Z"));

    assertThat(verifier.verify(early.token(), List.of(), office).expiresAt())
        .isEqualTo(NOW.plusSeconds(60));
    assertThat(verifier.verify(late.token(), List.of(), office).expiresAt())
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(verifier.verify(rootKeyOnly.token(), List.of(), office).expiresAt())
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void anUnreadableExpiresAtFailsClosed() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").rootKeyExpiresAt("June"));
    assertThat(verifier.verify(billing.token(), List.of(), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void aCallerInsideAnIpv4RangeIsValidAndOutsideItIsForbidden() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.0/8", "203.0.113.9/32"));

    assertThat(verify(billing, "10.200.3.4")).isEqualTo(VerificationCode.VALID);
    assertThat(verify(billing, "203.0.113.9")).isEqualTo(VerificationCode.VALID);
    assertThat(verify(billing, "203.0.113.10")).isEqualTo(VerificationCode.FORBIDDEN);
    assertThat(verify(billing, "11.0.0.1")).isEqualTo(VerificationCode.FORBIDDEN);
    assertThat(verify(billing, "2001:db8::1")).isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void aCallerInsideAnIpv6RangeIsValidAndOutsideItIsForbidden() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "a").allowedCidrs("2001:db8::/32"));

    assertThat(verify(billing, "2001:db8:ffff::1")).isEqualTo(VerificationCode.VALID);
    assertThat(verify(billing, "2001:db9::1")).isEqualTo(VerificationCode.FORBIDDEN);
    assertThat(verify(billing, "10.0.0.1")).isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void anIpv4MappedIpv6CallerMatchesIpv4Ranges() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.0/8"));

    assertThat(verify(billing, "::ffff:10.0.0.1")).isEqualTo(VerificationCode.VALID);
    assertThat(verify(billing, "::ffff:11.0.0.1")).isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void anUnknownCallerIsForbiddenWhereThereIsAnAllowlistAndValidWhereThereIsNone() {
    TestingRootKeys restricted =
        add(new TestingRootKeys("restricted", "a").allowedCidrs("0.0.0.0/0", "::/0"));
    TestingRootKeys open = add(new TestingRootKeys("open", "a"));
    TestingRootKeys emptyList = add(new TestingRootKeys("empty", "a").allowedCidrs());

    assertThat(verifier.verify(restricted.token(), List.of(), CallerAddress.unknown()).code())
        .isEqualTo(VerificationCode.FORBIDDEN);
    assertThat(verifier.verify(open.token(), List.of(), CallerAddress.unknown()).code())
        .isEqualTo(VerificationCode.VALID);
    assertThat(verifier.verify(emptyList.token(), List.of(), CallerAddress.unknown()).code())
        .isEqualTo(VerificationCode.VALID);
  }

  @Test
  void anAllowlistOfOnlyUnreadableEntriesAdmitsNobody() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.1", "ten/8", "10.0.0.1/8"));
    assertThat(verify(billing, "10.0.0.1")).isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void aChangedAllowlistTakesEffectAtTheNextRequest() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.0/8"));
    assertThat(verify(billing, "192.168.0.1")).isEqualTo(VerificationCode.FORBIDDEN);

    billing.allowedCidrs("192.168.0.0/16");

    assertThat(verify(billing, "192.168.0.1")).isEqualTo(VerificationCode.VALID);
    assertThat(verify(billing, "10.0.0.1")).isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void theCallerIsWorkedOutOnlyForARootKeyThatRestrictsAddresses() {
    TestingRootKeys open = add(new TestingRootKeys("open", "a"));
    TestingRootKeys fenced = add(new TestingRootKeys("fenced", "a").allowedCidrs("10.0.0.0/8"));
    AtomicInteger asked = new AtomicInteger();
    Supplier<CallerAddress> caller =
        () -> {
          asked.incrementAndGet();
          return caller("10.0.0.1");
        };

    assertThat(verifier.verify(open.token(), PermissionQuery.NONE, caller).code())
        .isEqualTo(VerificationCode.VALID);
    assertThat(verifier.inspect(open.token(), caller).code()).isEqualTo(VerificationCode.VALID);
    assertThat(asked).hasValue(0);

    assertThat(verifier.verify(fenced.token(), PermissionQuery.NONE, caller).code())
        .isEqualTo(VerificationCode.VALID);
    assertThat(asked).hasValue(1);
  }

  @Test
  void everyRequestedPermissionMustBeGranted() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "api.*.verify_key", "ratelimit.read"));

    assertThat(verifier.verify(billing.token(), List.of("api.payments.verify_key"), office).code())
        .isEqualTo(VerificationCode.VALID);
    assertThat(
            verifier
                .verify(
                    billing.token(), List.of("api.payments.verify_key", "ratelimit.read"), office)
                .code())
        .isEqualTo(VerificationCode.VALID);
    assertThat(
            verifier
                .verify(
                    billing.token(), List.of("api.payments.verify_key", "api.x.create_key"), office)
                .code())
        .isEqualTo(VerificationCode.INSUFFICIENT_PERMISSIONS);
    assertThat(verifier.verify(billing.token(), List.of("api..x"), office).code())
        .isEqualTo(VerificationCode.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void aRevokedKeyFromAForbiddenAddressIsRevoked() {
    TestingRootKeys billing =
        add(
            new TestingRootKeys("billing", "a")
                .state(KeyState.Revoked)
                .allowedCidrs("10.0.0.0/8")
                .rootKeyExpiresAt("2020-01-01T00:00:00Z"));
    billing.record.setExpiresAt("2020-01-01T00:00:00Z");
    assertThat(verifier.verify(billing.token(), List.of("not.granted"), office).code())
        .isEqualTo(VerificationCode.REVOKED);
  }

  @Test
  void anExpiredKeyFromAForbiddenAddressLackingPermissionsIsExpired() {
    TestingRootKeys billing =
        add(new TestingRootKeys("billing", "a").expiring(NOW).allowedCidrs("10.0.0.0/8"));
    assertThat(verifier.verify(billing.token(), List.of("not.granted"), office).code())
        .isEqualTo(VerificationCode.EXPIRED);
  }

  @Test
  void aForbiddenCallerLackingPermissionsIsForbidden() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.0/8"));
    assertThat(verifier.verify(billing.token(), List.of("not.granted"), office).code())
        .isEqualTo(VerificationCode.FORBIDDEN);
  }

  @Test
  void everyVerdictIsCountedByCode() {
    TestingRootKeys valid = add(new TestingRootKeys("valid", "a"));
    TestingRootKeys revoked = add(new TestingRootKeys("revoked", "a").state(KeyState.Revoked));

    verifier.verify(valid.token(), List.of(), office);
    verifier.verify(valid.token(), List.of(), office);
    verifier.verify(valid.token(), List.of("b"), office);
    verifier.verify(revoked.token(), List.of(), office);
    verifier.verify("nonsense", List.of(), office);

    assertThat(counts.count(VerificationCode.VALID)).isEqualTo(2);
    assertThat(counts.count(VerificationCode.INSUFFICIENT_PERMISSIONS)).isEqualTo(1);
    assertThat(counts.count(VerificationCode.REVOKED)).isEqualTo(1);
    assertThat(counts.count(VerificationCode.NOT_FOUND)).isEqualTo(1);
    assertThat(counts.count(VerificationCode.EXPIRED)).isZero();
    assertThat(counts.snapshot()).hasSize(VerificationCode.values().length);
  }

  @Test
  void everyVerificationOfAKeyOfOursNotesItAsPresentedWhateverTheVerdict() {
    TestingRootKeys valid = add(new TestingRootKeys("valid", "a"));
    TestingRootKeys revoked = add(new TestingRootKeys("revoked", "a").state(KeyState.Revoked));
    TestingRootKeys expired = add(new TestingRootKeys("expired", "a").state(KeyState.Expired));
    TestingRootKeys fenced = add(new TestingRootKeys("fenced", "a").allowedCidrs("10.0.0.0/8"));
    TestingRootKeys narrow = add(new TestingRootKeys("narrow", "a"));

    verifier.verify(valid.token(), List.of(), office);
    verifier.verify(revoked.token(), List.of(), office);
    verifier.verify(expired.token(), List.of(), office);
    verifier.verify(fenced.token(), List.of(), office);
    verifier.verify(narrow.token(), List.of("not.granted"), office);

    for (TestingRootKeys key : List.of(valid, revoked, expired, fenced, narrow)) {
      assertThat(lastUsed(key)).as(key.rootKey.getMetadata().getName()).isEqualTo(NOW);
    }
  }

  @Test
  void aLaterVerificationMovesTheLastUseOnlyOnceASecondHasPassed() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));
    verifier.verify(billing.token(), List.of(), office);

    clock.advance(Duration.ofMillis(999));
    verifier.verify(billing.token(), List.of(), office);
    assertThat(lastUsed(billing)).isEqualTo(NOW);

    clock.advance(Duration.ofMillis(1));
    verifier.verify(billing.token(), List.of(), office);
    assertThat(lastUsed(billing)).isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void whoamiNotesNoUseAndCountsNothing() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));

    assertThat(verifier.inspect(billing.token(), () -> office).code())
        .isEqualTo(VerificationCode.VALID);

    assertThat(index.find(billing.key.hash()).orElseThrow().usage().lastUsedMillis()).isZero();
    assertThat(counts.count(VerificationCode.VALID)).isZero();
    assertThat(counts.count(PresentedKeyState.ACTIVE)).isZero();
  }

  @Test
  void verificationsAreCountedByTheStateOfTheKeyPresented() {
    TestingRootKeys active = add(new TestingRootKeys("active", "a"));
    TestingRootKeys expiring =
        add(new TestingRootKeys("expiring", "a").expiring(NOW.plusSeconds(60)));
    TestingRootKeys lapsed = add(new TestingRootKeys("lapsed", "a").expiring(NOW));
    TestingRootKeys revoked = add(new TestingRootKeys("revoked", "a").state(KeyState.Revoked));

    verifier.verify(active.token(), List.of(), office);
    verifier.verify(expiring.token(), List.of(), office);
    verifier.verify(expiring.token(), List.of("not.granted"), office);
    verifier.verify(lapsed.token(), List.of(), office);
    verifier.verify(revoked.token(), List.of(), office);
    verifier.verify(new TestingRootKeys("stranger", "a").token(), List.of(), office);

    assertThat(counts.count(PresentedKeyState.ACTIVE)).isEqualTo(1);
    assertThat(counts.count(PresentedKeyState.EXPIRING)).isEqualTo(2);
    // Past its expiresAt: Expired, though the record still says Expiring.
    assertThat(counts.count(PresentedKeyState.EXPIRED)).isEqualTo(1);
    assertThat(counts.count(PresentedKeyState.REVOKED)).isEqualTo(1);
    assertThat(counts.count(PresentedKeyState.NONE)).isEqualTo(1);
    assertThat(counts.count(PresentedKeyState.PENDING)).isZero();
  }

  @Test
  void theKeyNeverAppearsInAVerificationOrItsPieces() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").allowedCidrs("10.0.0.0/8"));
    String token = billing.token();

    Verification verification = verifier.verify(token, List.of("a"), office);

    assertThat(verification.toString())
        .doesNotContain(token)
        .doesNotContain(token.substring(3, 20))
        .contains(billing.key.id());
    assertThat(office.toString()).isEqualTo("CallerAddress[203.0.113.9]");
    assertThat(new VerifyRequest(token, PermissionQuery.allOf(List.of("a"))).toString())
        .doesNotContain(token);
  }

  private Instant lastUsed(TestingRootKeys rootKey) {
    return Instant.ofEpochMilli(
        index.find(rootKey.key.hash()).orElseThrow().usage().lastUsedMillis());
  }

  @Test
  void anActiveKeyAKeyLeakNamesIsRevokedUnderTheDefaultLeakPolicy() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));

    leaked.watched("payments", billing.key.id(), claimOf(billing));

    assertThat(verify(billing, "203.0.113.9")).isEqualTo(VerificationCode.REVOKED);
  }

  @Test
  void aKeyInItsGracePeriodAKeyLeakNamesIsRevokedRatherThanExpired() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a").expiring(NOW));

    leaked.watched("payments", billing.key.id(), claimOf(billing));

    assertThat(verify(billing, "203.0.113.9")).isEqualTo(VerificationCode.REVOKED);
  }

  @Test
  void aKeyAKeyLeakNamesKeepsVerifyingUnderLeakPolicyNotify() {
    TestingRootKeys billing = add(new TestingRootKeys("billing", "a"));
    billing.rootKey.getSpec().setLeakPolicy(LeakPolicy.Notify);

    leaked.watched("payments", billing.key.id(), claimOf(billing));

    assertThat(verify(billing, "203.0.113.9")).isEqualTo(VerificationCode.VALID);
  }

  private static LeakedKeys.Claim claimOf(TestingRootKeys rootKey) {
    return new LeakedKeys.Claim(
        "payments", rootKey.rootKey.getMetadata().getName(), rootKey.key.id(), rootKey.key.hash());
  }

  private TestingRootKeys add(TestingRootKeys rootKey) {
    index.put(rootKey.rootKey);
    return rootKey;
  }

  private VerificationCode verify(TestingRootKeys rootKey, String address) {
    return verifier.verify(rootKey.token(), List.of(), caller(address)).code();
  }

  static CallerAddress caller(String address) {
    try {
      return CallerAddress.of(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
