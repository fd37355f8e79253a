package dev.rootkey.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.plan.IssuanceSteps;
import dev.rootkey.operator.plan.RootKeys;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrustedRecordsTest {

  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());
  private final RecordSeal seal = RecordSeal.random(new SecureRandom());
  private final TestingSecrets secrets = new TestingSecrets();
  private final TrustedRecords trusted = new TrustedRecords(seal, secrets);

  private final GeneratedKey current = generator.generate("rk");
  private final GeneratedKey previous = generator.generate("rk");

  @Test
  void sealedRecordsAreKeptAsTheyAreWithoutAskingForTheSecret() {
    RootKey rootKey = rootKey("billing", "uid-1");
    KeyRecord sealed = seal.sealed("payments", "uid-1", record("k1", current));
    rootKey.getStatus().getKeys().add(sealed);

    RootKeyStatus status = trusted.of(rootKey, Optional.empty(), Stream::empty);

    assertThat(status.getKeys()).containsExactly(sealed);
    assertThat(secrets.fetches).isZero();
  }

  @Test
  void aRecordSealedForAnotherRootKeyIsDroppedAndNeverSealedHere() {
    RootKey victim = rootKey("billing", "uid-a");
    KeyRecord original = seal.sealed("payments", "uid-a", record("k1", current));
    victim.getStatus().getKeys().add(original);
    RootKey intruder = rootKey("intruder", "uid-b");
    KeyRecord own = seal.sealed("payments", "uid-b", record("k2", previous));
    intruder.getStatus().getKeys().add(new KeyRecord(original));
    intruder.getStatus().getKeys().add(own);
    Secret intruderSecret = secret(intruder, "ROOT_KEY", previous.token());

    RootKeyStatus status =
        trusted.of(intruder, Optional.of(intruderSecret), () -> Stream.of(victim, intruder));

    assertThat(status.getKeys()).containsExactly(own);
    // The cache could lag: the API server was asked before the record was dropped.
    assertThat(secrets.fetches).isEqualTo(1);
  }

  @Test
  void unsealedRecordsWhoseKeysTheOwnSecretHoldsAreSealedAndOthersDropped() {
    RootKey rootKey = rootKey("billing", "uid-1");
    rootKey.getSpec().getSecret().setPreviousKey("PREVIOUS_ROOT_KEY");
    GeneratedKey unheld = generator.generate("rk");
    rootKey.getStatus().getKeys().add(record("k-current", current));
    rootKey.getStatus().getKeys().add(record("k-previous", previous));
    rootKey.getStatus().getKeys().add(record("k-unheld", unheld));
    Secret secret = secret(rootKey, "ROOT_KEY", current.token());
    secret.getData().put("PREVIOUS_ROOT_KEY", encode(previous.token()));

    RootKeyStatus status = trusted.of(rootKey, Optional.of(secret), Stream::empty);

    assertThat(status.getKeys())
        .extracting(KeyRecord::getId)
        .containsExactly("k-current", "k-previous");
    assertThat(status.getKeys()).allMatch(k -> seal.verifies("payments", "uid-1", k));
    // The stored status is left alone: the result is a copy.
    assertThat(rootKey.getStatus().getKeys()).allMatch(k -> k.getSeal() == null);
  }

  @Test
  void anUnsealedRecordIsProvenByTheSecretTheApiServerHoldsWhenTheCacheLags() {
    RootKey rootKey = rootKey("billing", "uid-1");
    rootKey.getStatus().getKeys().add(record("k-current", current));
    secrets.stored = Optional.of(secret(rootKey, "ROOT_KEY", current.token()));

    RootKeyStatus status = trusted.of(rootKey, Optional.empty(), Stream::empty);

    assertThat(status.getKeys())
        .singleElement()
        .matches(k -> seal.verifies("payments", "uid-1", k));
  }

  @Test
  void aSecretTheRootKeyDoesNotOwnProvesNothing() {
    RootKey rootKey = rootKey("billing", "uid-1");
    rootKey.getStatus().getKeys().add(record("k-current", current));
    Secret foreign = secret(rootKey("other", "uid-2"), "ROOT_KEY", current.token());
    Secret unlabelled = secret(rootKey, "ROOT_KEY", current.token());
    unlabelled.getMetadata().setLabels(Map.of());

    assertThat(trusted.of(rootKey, Optional.of(foreign), Stream::empty).getKeys()).isEmpty();
    assertThat(trusted.of(rootKey, Optional.of(unlabelled), Stream::empty).getKeys()).isEmpty();
  }

  @Test
  void aHashAnotherRootKeyRecordsIsNotProvenEvenIfTheSecretHoldsItsKey() {
    // Whoever knows another namespace's key and may write this Secret and status cannot claim it.
    RootKey victim = rootKey("billing", "uid-a");
    victim.getStatus().getKeys().add(record("k1", current));
    RootKey intruder = rootKey("intruder", "uid-b");
    intruder.getStatus().getKeys().add(record("k9", current));
    Secret copied = secret(intruder, "ROOT_KEY", current.token());

    RootKeyStatus status =
        trusted.of(intruder, Optional.of(copied), () -> Stream.of(victim, intruder));

    assertThat(status.getKeys()).isEmpty();
  }

  @Test
  void twoUnsealedRecordsOfOneHashAreBothDropped() {
    RootKey rootKey = rootKey("billing", "uid-1");
    rootKey.getStatus().getKeys().add(record("k-current", current));
    rootKey.getStatus().getKeys().add(record("k-twin", current));
    Secret secret = secret(rootKey, "ROOT_KEY", current.token());

    assertThat(trusted.of(rootKey, Optional.of(secret), Stream::empty).getKeys()).isEmpty();
  }

  @Test
  void onlyTheRecordOfTheKeyJustGeneratedIsSealed() {
    RootKey rootKey = rootKey("billing", "uid-1");
    KeyRecord forged = record("k-forged", previous);
    rootKey.getStatus().getKeys().add(record(current.id(), current));
    rootKey.getStatus().getKeys().add(forged);

    RootKeyStatus status =
        IssuanceSteps.withNewKeySealed(seal, rootKey, RootKeys.statusOf(rootKey), current);

    assertThat(status.getKeys().get(0).getSeal()).isNotNull();
    assertThat(seal.verifies("payments", "uid-1", status.getKeys().get(0))).isTrue();
    assertThat(status.getKeys().get(1)).isEqualTo(forged);
    assertThat(status.getKeys().get(1).getSeal()).isNull();
  }

  private static RootKey rootKey(String name, String uid) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("payments").withUid(uid).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    spec.setSecret(new SecretTarget());
    rootKey.setSpec(spec);
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new ArrayList<>());
    rootKey.setStatus(status);
    return rootKey;
  }

  private static KeyRecord record(String id, GeneratedKey key) {
    KeyRecord record = new KeyRecord();
    record.setId(id);
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Active);
    return record;
  }

  /** The Secret the operator delivers for {@code owner}, holding {@code token} under a key. */
  private static Secret secret(RootKey owner, String dataKey, String token) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(dataKey, encode(token));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(owner.getMetadata().getName())
        .withNamespace("payments")
        .addToLabels(DeliveredSecrets.MANAGED_BY_LABEL, DeliveredSecrets.MANAGED_BY)
        .addNewOwnerReference()
        .withUid(owner.getMetadata().getUid())
        .withName(owner.getMetadata().getName())
        .withKind("RootKey")
        .withApiVersion("rootkey.dev/v1alpha1")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withData(data)
        .build();
  }

  private static String encode(String token) {
    return Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /** A SecretStore answering with one stored Secret and counting how often it was asked. */
  private static final class TestingSecrets implements SecretStore {
    Optional<Secret> stored = Optional.empty();
    int fetches;

    @Override
    public Optional<Secret> fetch(String namespace, String name) {
      fetches++;
      return stored;
    }

    @Override
    public Secret write(Secret desired) {
      throw new UnsupportedOperationException("never written here");
    }
  }
}
