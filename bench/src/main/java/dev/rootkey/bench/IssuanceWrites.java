package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The three writes of the operator's issuance (status Pending, Secret create, status Active) and
 * nothing around them: what the baselines of the convergence comparison do for each RootKey.
 */
final class IssuanceWrites {

  private final KeyGenerator generator;
  private final Clock clock;

  IssuanceWrites(KeyGenerator generator, Clock clock) {
    this.generator = generator;
    this.clock = clock;
  }

  /**
   * Issues a key to {@code rootKey}, each write holding what DESIGN.md's contract asks of it and
   * nothing more: the Secret's label, key-id annotation, owner and type; the status's phase,
   * current key id, key record, last rotation, observed generation and Ready condition. Whatever
   * the operator writes beyond that counts against it. Returns the RootKey as last written.
   */
  RootKey issue(KubernetesClient client, RootKey rootKey) {
    GeneratedKey key = generator.generate("rk");
    String now = clock.instant().toString();
    KeyRecord record = new KeyRecord();
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Pending);
    record.setCreatedAt(now);
    RootKeyStatus pending = new RootKeyStatus();
    pending.setPhase(Phase.Pending);
    pending.setKeys(new ArrayList<>(List.of(record)));
    rootKey.setStatus(pending);
    RootKey written = client.resource(rootKey).updateStatus();

    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(rootKey.getMetadata().getName())
            .withNamespace(rootKey.getMetadata().getNamespace())
            .addToLabels(DeliveredSecrets.MANAGED_BY_LABEL, DeliveredSecrets.MANAGED_BY)
            .addToAnnotations(DeliveredSecrets.KEY_ID_ANNOTATION, key.id())
            .addNewOwnerReference()
            .withApiVersion("rootkey.dev/v1alpha1")
            .withKind("RootKey")
            .withName(rootKey.getMetadata().getName())
            .withUid(rootKey.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withType("Opaque")
            .addToData(
                "ROOT_KEY",
                Base64.getEncoder().encodeToString(key.token().getBytes(StandardCharsets.UTF_8)))
            .build();
    client.resource(secret).create();

    record.setState(KeyState.Active);
    RootKeyStatus active = written.getStatus();
    active.setPhase(Phase.Active);
    active.setCurrentKeyId(key.id());
    active.setKeys(List.of(record));
    active.setLastRotationAt(now);
    active.setObservedGeneration(written.getMetadata().getGeneration());
    active.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("KeyActive")
                .withLastTransitionTime(now)
                .build()));
    return client.resource(written).updateStatus();
  }
}
