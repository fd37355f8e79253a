package dev.rootkey.operator.kube;

import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Secrets this operator is writing, as filters that keep the watch events of its own Secret
 * writes from starting a reconcile of their RootKey: the reconcile that wrote the Secret already
 * acted on it. An event is ours when the Secret holds what we are writing, once.
 */
public class OwnSecretWrites {

  /**
   * What a write decides. The data only as a digest: a note can outlive its write by minutes, and
   * the key belongs in its Secret, not in notes about it.
   */
  private record Written(
      String dataDigest, Map<String, String> labels, Map<String, String> annotations) {

    static Written of(Secret secret) {
      Map<String, String> data = Objects.requireNonNullElse(secret.getData(), Map.of());
      // "{key=value, ...}" reads one way only: keys are [-._a-zA-Z0-9]+ and values base64.
      return new Written(
          KeyHash.sha256Hex(new TreeMap<>(data).toString()),
          copy(secret.getMetadata().getLabels()),
          copy(secret.getMetadata().getAnnotations()));
    }

    private static Map<String, String> copy(Map<String, String> map) {
      return map == null ? Map.of() : new TreeMap<>(map);
    }
  }

  private final OwnWrites<Secret, Written> writes;

  public OwnSecretWrites() {
    this(Clock.systemUTC());
  }

  /** With {@code clock} telling when a note, never matched by an event, expires. */
  public OwnSecretWrites(Clock clock) {
    writes = new OwnWrites<>(OwnWrites::namespacedName, Written::of, clock);
  }

  /** Notes a Secret about to be written; call before sending it. */
  public void writing(Secret intended) {
    writes.writing(intended);
  }

  /** The write was refused: no event will show it. */
  public void failed(Secret intended) {
    writes.failed(intended);
  }

  /** Passes the Secret creations that are not ours. */
  public OnAddFilter<Secret> adds() {
    return added -> !writes.isOwn(added);
  }

  /** Passes the Secret updates that are not ours. */
  public OnUpdateFilter<Secret> updates() {
    return (updated, previous) -> !writes.isOwn(updated);
  }
}
