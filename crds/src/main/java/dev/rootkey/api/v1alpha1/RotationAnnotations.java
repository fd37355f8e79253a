package dev.rootkey.api.v1alpha1;

/** The annotations by which a person asks for a rotation (`kubectl annotate`). */
public final class RotationAnnotations {

  /** Any new value rotates once; the value acted on is kept in status.lastRotateRequest. */
  public static final String ROTATE = "rootkey.dev/rotate";

  /**
   * Grace period for one rotation, overriding spec.rotation.gracePeriod; 0s revokes. It applies
   * only to the rotate value it is set with, in the same change: a value already in place before
   * (one a rotation used, or one a GitOps tool re-applies) is spent, recorded in
   * status.lastRotateGrace, and later rotations use spec.rotation.gracePeriod. The operator removes
   * the annotation once a rotation has taken it into account, so setting it again with the next
   * rotate value, even to the same value, counts as new.
   */
  public static final String ROTATE_GRACE = "rootkey.dev/rotate-grace";

  /**
   * Who set the current rotate value, as the API server authenticated them: stamped by the
   * scanner-webhook's admission endpoint, which overwrites any value a user writes here.
   */
  public static final String ROTATE_REQUESTED_BY = "rootkey.dev/rotate-requested-by";

  private RotationAnnotations() {}
}
