package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.KeyUsage;

/** Deletes KeyUsage reports the operator has folded in and no longer needs. */
public interface UsageStore {

  /**
   * Deletes {@code usage} if it is still as read (its resourceVersion): a report its replica
   * rewrote since holds uses not folded in yet, and stays.
   *
   * @return whether it was deleted; false when it changed or is already gone
   */
  boolean deleteIfUnchanged(KeyUsage usage);
}
