package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Clock;
import java.util.Objects;

/**
 * The RootKey statuses this operator is writing, as a filter that keeps the watch events of its own
 * status writes from starting a reconcile: the reconcile that wrote a status already acted on it,
 * so each issuance would otherwise be reconciled twice more for nothing.
 *
 * <p>An event is ours when it changed nothing but the status, to a status we are writing. Any other
 * update, including someone else's status write of another value, reconciles as before.
 */
public class OwnStatusWrites implements OnUpdateFilter<RootKey> {

  // By uid, which tells a RootKey from a successor of the same name. A copy of the status: the note
  // keeps the value sent, whatever the caller does with its object later.
  private final OwnWrites<RootKey, RootKeyStatus> writes;

  /**
   * The status as a fingerprint: without the records' seals, which an API server whose RootKey CRD
   * predates them drops from what we wrote. The event of that write is still ours; taken for
   * someone else's, it would start a reconcile that writes the seals again, and so on forever.
   */
  private static RootKeyStatus withoutSeals(RootKey rootKey) {
    RootKeyStatus status = new RootKeyStatus(rootKey.getStatus());
    status.getKeys().forEach(k -> k.setSeal(null));
    return status;
  }

  public OwnStatusWrites() {
    this(Clock.systemUTC());
  }

  /** With {@code clock} telling when a note, never matched by an event, expires. */
  public OwnStatusWrites(Clock clock) {
    writes =
        new OwnWrites<>(
            rootKey -> rootKey.getMetadata().getUid(), OwnStatusWrites::withoutSeals, clock);
  }

  /** Notes a status about to be written; call before sending it. */
  public void writing(RootKey withNewStatus) {
    writes.writing(withNewStatus);
  }

  /** The write was refused: no event will show it. */
  public void failed(RootKey withNewStatus) {
    writes.failed(withNewStatus);
  }

  /** Whether an update event should reconcile: not when it shows a write of ours, once. */
  @Override
  public boolean accept(RootKey updated, RootKey previous) {
    return previous == null || !onlyStatusChanged(previous, updated) || !writes.isOwn(updated);
  }

  /**
   * What a status write can change: the status, and the bookkeeping every write changes. Spec edits
   * move the generation; the rest of the metadata is compared as it is.
   */
  private static boolean onlyStatusChanged(RootKey previous, RootKey updated) {
    ObjectMeta before = previous.getMetadata();
    ObjectMeta after = updated.getMetadata();
    return Objects.equals(before.getGeneration(), after.getGeneration())
        && Objects.equals(before.getLabels(), after.getLabels())
        && Objects.equals(before.getAnnotations(), after.getAnnotations())
        && Objects.equals(before.getFinalizers(), after.getFinalizers())
        && Objects.equals(before.getDeletionTimestamp(), after.getDeletionTimestamp())
        && Objects.equals(before.getOwnerReferences(), after.getOwnerReferences());
  }
}
