package dev.rootkey.operator.issuance;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import java.util.Optional;

/**
 * A new key to issue: why, how long the replaced key stays valid, and the rotate annotation value
 * it answers (so that value never rotates again).
 */
public record RotationRequest(
    IssueTrigger trigger, String gracePeriod, Optional<String> annotationValue) {

  public static RotationRequest of(IssueTrigger trigger, String gracePeriod) {
    return new RotationRequest(trigger, gracePeriod, Optional.empty());
  }
}
