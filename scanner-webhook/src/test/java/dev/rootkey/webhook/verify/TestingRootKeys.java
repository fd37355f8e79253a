package dev.rootkey.webhook.verify;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds a RootKey in namespace payments holding one key record, as the operator writes them. */
final class TestingRootKeys {

  private static final KeyGenerator GENERATOR = new KeyGenerator(new SecureRandom());

  final GeneratedKey key = GENERATOR.generate("rk");
  final RootKey rootKey = new RootKey();
  final KeyRecord record = new KeyRecord();

  TestingRootKeys(String name, String... permissions) {
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .withUid("uid-" + name)
            .withResourceVersion("1")
            .build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(new ArrayList<>(List.of(permissions)));
    rootKey.setSpec(spec);
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Active);
    record.setCreatedAt("2026-11-22T10:00:00Z");
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new ArrayList<>(List.of(record)));
    rootKey.setStatus(status);
  }

  String token() {
    return key.token();
  }

  TestingRootKeys state(KeyState state) {
    record.setState(state);
    return this;
  }

  TestingRootKeys expiring(Instant expiresAt) {
    record.setState(KeyState.Expiring);
    record.setExpiresAt(expiresAt.toString());
    return this;
  }

  TestingRootKeys rootKeyExpiresAt(String expiresAt) {
    rootKey.getSpec().setExpiresAt(expiresAt);
    return this;
  }

  TestingRootKeys allowedCidrs(String... cidrs) {
    rootKey.getSpec().setAllowedCidrs(List.of(cidrs));
    return this;
  }
}
