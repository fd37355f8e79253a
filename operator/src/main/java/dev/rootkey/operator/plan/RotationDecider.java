package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Decides whether a healthy RootKey is due a rotation: on request, or on schedule. */
public class RotationDecider {

  /**
   * @param annotations the RootKey's annotations
   * @param status its status, with nextRotationAt planned by {@link StatusPlanner#scheduled}
   */
  public Optional<RotationRequest> due(
      Map<String, String> annotations, RootKeyStatus status, RotationPolicy policy, Instant now) {
    Optional<String> requested = unhandledRequest(annotations, status);
    if (requested.isPresent()) {
      String grace = graceOverride(annotations, status).orElse(policy.gracePeriod());
      return Optional.of(
          new RotationRequest(
              IssueTrigger.Manual,
              grace,
              requested,
              Optional.ofNullable(annotations.get(RotationAnnotations.ROTATE_REQUESTED_BY))));
    }
    if (status.getNextRotationAt() != null
        && !now.isBefore(Instant.parse(status.getNextRotationAt()))) {
      // However long the operator was down, this is one rotation: the next is planned from now.
      return Optional.of(RotationRequest.of(IssueTrigger.Scheduled, policy.gracePeriod()));
    }
    return Optional.empty();
  }

  /**
   * The rotate-grace value for the rotation of a new rotate value: only one set with it. A value
   * the operator has already accounted for (status.lastRotateGrace: used by an earlier rotation, or
   * in place without a new rotate value, as a GitOps tool re-applying a manifest leaves it) is
   * spent.
   */
  public static Optional<String> graceOverride(
      Map<String, String> annotations, RootKeyStatus status) {
    String grace = annotations.get(RotationAnnotations.ROTATE_GRACE);
    if (grace == null || grace.equals(status.getLastRotateGrace())) {
      return Optional.empty();
    }
    return Optional.of(grace);
  }

  /** A rotate annotation value not acted on yet: each value rotates once, whoever re-applies it. */
  public static Optional<String> unhandledRequest(
      Map<String, String> annotations, RootKeyStatus status) {
    String value = annotations.get(RotationAnnotations.ROTATE);
    if (value == null || value.isBlank() || value.equals(status.getLastRotateRequest())) {
      return Optional.empty();
    }
    return Optional.of(value);
  }
}
