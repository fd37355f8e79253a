package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RestartTarget;
import java.util.List;

/** Rolls workloads so their pods start again with the Secret's new key. */
public interface WorkloadRestarter {

  /** The annotation set on each workload's pod template: a new value rolls its pods. */
  String RESTARTED_FOR_KEY_ANNOTATION = "rootkey.dev/restarted-for-key";

  /**
   * Rolls every target in {@code namespace} for {@code keyId}; rolling again for the same key
   * changes nothing.
   *
   * @return descriptions of the targets that were not found
   */
  List<String> restart(String namespace, List<RestartTarget> targets, String keyId);
}
