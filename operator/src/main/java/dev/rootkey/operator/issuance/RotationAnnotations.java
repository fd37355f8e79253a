package dev.rootkey.operator.issuance;

/** The annotations by which a person asks for a rotation (`kubectl annotate`). */
public final class RotationAnnotations {

  /** Any new value rotates once; the value acted on is kept in status.lastRotateRequest. */
  public static final String ROTATE = "rootkey.dev/rotate";

  /** Grace period for that one rotation, overriding spec.rotation.gracePeriod; 0s revokes. */
  public static final String ROTATE_GRACE = "rootkey.dev/rotate-grace";

  private RotationAnnotations() {}
}
