package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;

/** Records on a KeyLeak what the operator did about it. */
public interface LeakStore {

  /** Writes the answer and returns the KeyLeak as stored. */
  KeyLeak answer(KeyLeak leak, KeyLeakStatus status);
}
