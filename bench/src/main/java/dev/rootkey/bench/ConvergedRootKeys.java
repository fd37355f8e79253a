package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a RootKey has converged: Ready for its generation, no issuance under way, exactly one
 * Active key, that key current and in the Secret, and the last rotate request acted on.
 */
final class ConvergedRootKeys {

  /** What the check reads of a RootKey and its Secret. */
  record View(
      String name,
      long generation,
      Long observedGeneration,
      boolean ready,
      boolean issuing,
      String currentKeyId,
      List<ChaosRecord> records,
      String rotateAnnotation,
      String lastRotateRequest,
      String secretKeyId,
      String secretHash) {

    static View of(RootKey rootKey, Secret secret) {
      var status = rootKey.getStatus();
      String rotate =
          rootKey.getMetadata().getAnnotations() == null
              ? null
              : rootKey.getMetadata().getAnnotations().get(RotationAnnotations.ROTATE);
      String secretKeyId =
          secret == null || secret.getMetadata().getAnnotations() == null
              ? null
              : secret.getMetadata().getAnnotations().get("rootkey.dev/key-id");
      String secretHash =
          secret == null || secret.getData() == null || secret.getData().get("ROOT_KEY") == null
              ? null
              : KeyHash.sha256Hex(BenchRootKeys.token(secret));
      return new View(
          rootKey.getMetadata().getName(),
          rootKey.getMetadata().getGeneration() == null ? 0 : rootKey.getMetadata().getGeneration(),
          status == null ? null : status.getObservedGeneration(),
          BenchRootKeys.isReady(rootKey),
          status != null && status.getIssuing() != null,
          status == null ? null : status.getCurrentKeyId(),
          ChaosStatus.of(Instant.EPOCH, rootKey).records(),
          rotate,
          status == null ? null : status.getLastRotateRequest(),
          secretKeyId,
          secretHash);
    }
  }

  private ConvergedRootKeys() {}

  /** Why {@code view} has not converged; empty if it has. */
  static Optional<String> problem(View view) {
    List<ChaosRecord> active =
        view.records().stream().filter(r -> r.state() == KeyState.Active).toList();
    if (!view.ready()) {
      return Optional.of("not Ready");
    }
    if (!Objects.equals(view.observedGeneration(), view.generation())) {
      return Optional.of(
          "observedGeneration " + view.observedGeneration() + " of " + view.generation());
    }
    if (view.issuing()) {
      return Optional.of("an issuance is under way");
    }
    if (active.size() != 1) {
      return Optional.of(active.size() + " Active keys");
    }
    ChaosRecord current = active.get(0);
    if (!current.id().equals(view.currentKeyId())) {
      return Optional.of(
          "the Active key " + current.id() + " is not the current " + view.currentKeyId());
    }
    if (!current.id().equals(view.secretKeyId())) {
      return Optional.of(
          "the Secret names key " + view.secretKeyId() + ", the Active key is " + current.id());
    }
    if (!current.hash().equals(view.secretHash())) {
      return Optional.of("the Secret's key does not hash to the Active record " + current.id());
    }
    if (view.rotateAnnotation() != null
        && !view.rotateAnnotation().equals(view.lastRotateRequest())) {
      return Optional.of(
          "rotate request "
              + view.rotateAnnotation()
              + " not acted on (last: "
              + view.lastRotateRequest()
              + ")");
    }
    return Optional.empty();
  }

  /** One line per RootKey that has not converged, saying why. */
  static List<String> violations(List<View> views) {
    List<String> violations = new ArrayList<>();
    for (View view : views) {
      problem(view)
          .ifPresent(p -> violations.add("RootKey " + view.name() + " did not converge: " + p));
    }
    return violations;
  }
}
