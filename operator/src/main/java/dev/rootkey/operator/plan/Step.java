package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/** One step of a plan, done in the order the plan lists it: a write, or a report of one. */
public sealed interface Step {

  /**
   * Replaces the RootKey's status, from the resourceVersion last written (a concurrent change fails
   * the plan with 409), unless the status stored already is this one; {@code reports} are told only
   * when it was written. The outcomes of earlier steps that only the API server knows go in with
   * it: which targets a {@link RollRestartTargets} found, and a {@link RemoveAnnotation} that
   * failed.
   */
  record WriteStatus(RootKeyStatus status, List<Report> reports) implements Step {}

  /**
   * Creates the delivery Secret, or replaces {@code previous} (as read) with it; when the plan
   * wrote the Secret before, it replaces the Secret as that write returned it (its
   * resourceVersion).
   */
  record WriteSecret(Secret secret, Optional<Secret> previous) implements Step {

    /** Names the Secret only: its data holds the plaintext key. */
    @Override
    public String toString() {
      return "WriteSecret["
          + secret.getMetadata().getNamespace()
          + "/"
          + secret.getMetadata().getName()
          + "]";
    }
  }

  /**
   * Removes a one-shot annotation if it still has {@code value}; the steps after it are planned on
   * its removal. Failing to leaves it spent: the status writes after it keep it so.
   */
  record RemoveAnnotation(String name, String value) implements Step {}

  /**
   * Rolls the restart targets for the key, once per key; which were not found goes into the status
   * writes that follow.
   */
  record RollRestartTargets(List<RestartTarget> targets, String keyId) implements Step {}

  /** Tells a KeyLeak what was done about it, after saying so on its RootKey. */
  record AnswerLeak(KeyLeak leak, KeyLeakStatus answer, String message) implements Step {}

  /**
   * Deletes a KeyUsage report status no longer needs, only as it was read (a report rewritten since
   * stays); one already gone, or that cannot be deleted now, is left to a later reconcile.
   */
  record DeleteUsage(KeyUsage usage) implements Step {}

  /** Tells of something done: an Event, an audit record, a metric. */
  record Tell(Report report) implements Step {}
}
