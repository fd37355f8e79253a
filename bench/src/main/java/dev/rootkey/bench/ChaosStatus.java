package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One RootKey's key records as the chaos harness's watch saw them, and when. */
record ChaosStatus(Instant at, String rootKey, List<ChaosRecord> records) {

  static ChaosStatus of(Instant at, RootKey rootKey) {
    return new ChaosStatus(
        at,
        rootKey.getMetadata().getName(),
        rootKey.getStatus() == null
            ? List.of()
            : rootKey.getStatus().getKeys().stream().map(ChaosRecord::of).toList());
  }

  Optional<ChaosRecord> record(String hash) {
    return records.stream().filter(r -> r.hash().equals(hash)).findFirst();
  }
}
