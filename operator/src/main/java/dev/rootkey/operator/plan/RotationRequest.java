package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import java.util.Optional;

/**
 * A new key to issue: why, how long the replaced key stays valid, the rotate annotation value it
 * answers (so that value never rotates again) and who asked for it, when someone did.
 */
public record RotationRequest(
    IssueTrigger trigger,
    String gracePeriod,
    Optional<String> annotationValue,
    Optional<String> requestedBy) {

  public static RotationRequest of(IssueTrigger trigger, String gracePeriod) {
    return new RotationRequest(trigger, gracePeriod, Optional.empty(), Optional.empty());
  }
}
