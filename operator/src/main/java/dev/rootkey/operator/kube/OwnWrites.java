package dev.rootkey.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Writes of this operator whose watch events have not come yet, so those events can be told from
 * anyone else's. A write is noted before it is sent, because the API server may deliver its watch
 * event before the response: a note taken afterwards, or the SDK's cache of recent writes, misses
 * it then, and the event starts a reconcile that finds nothing to do.
 *
 * <p>A note is a fingerprint of what was written (the parts a write decides) under the object's
 * identity; an event with the same fingerprint for the same object is taken as the write's own,
 * once. A note expires after {@link #KEEP}, far longer than a watch event takes: a write whose
 * event never came (a watch restarted) must not hide a later change from anyone else.
 *
 * @param <R> the kind written
 * @param <F> its fingerprint, compared with {@code equals}
 */
final class OwnWrites<R extends HasMetadata, F> {

  static final Duration KEEP = Duration.ofMinutes(5);

  /** Expired notes of objects never written again are dropped every so many writes. */
  private static final int PRUNE_EVERY = 1024;

  private record Note<F>(F fingerprint, Instant notedAt) {}

  private final Function<R, String> identity;
  private final Function<R, F> fingerprint;
  private final Clock clock;

  /** By object: usually one, two while an issuance writes a status twice. */
  private final Map<String, List<Note<F>>> notes = new ConcurrentHashMap<>();

  private final AtomicLong noted = new AtomicLong();

  OwnWrites(Function<R, String> identity, Function<R, F> fingerprint, Clock clock) {
    this.identity = identity;
    this.fingerprint = fingerprint;
    this.clock = clock;
  }

  /** Namespace and name: the identity a creation already has. */
  static String namespacedName(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  /** Notes a write about to be sent. */
  void writing(R intended) {
    Note<F> note = new Note<>(fingerprint.apply(intended), clock.instant());
    notes.merge(key(intended), List.of(note), OwnWrites::concat);
    if (noted.incrementAndGet() % PRUNE_EVERY == 0) {
      prune();
    }
  }

  /** The write was refused: no event will show it. */
  void failed(R intended) {
    takeOne(key(intended), fingerprint.apply(intended));
  }

  /** Whether {@code seen}, from a watch event, is a noted write; if so the note is used up. */
  boolean isOwn(R seen) {
    return takeOne(key(seen), fingerprint.apply(seen));
  }

  private boolean takeOne(String key, F print) {
    Instant expired = clock.instant().minus(KEEP);
    AtomicBoolean found = new AtomicBoolean();
    notes.computeIfPresent(
        key,
        (k, held) -> {
          List<Note<F>> left = new ArrayList<>(held);
          left.removeIf(note -> note.notedAt().isBefore(expired));
          for (int i = 0; i < left.size(); i++) {
            if (Objects.equals(left.get(i).fingerprint(), print)) {
              left.remove(i);
              found.set(true);
              break;
            }
          }
          return left.isEmpty() ? null : List.copyOf(left);
        });
    return found.get();
  }

  private void prune() {
    Instant expired = clock.instant().minus(KEEP);
    for (String key : notes.keySet()) {
      notes.computeIfPresent(
          key,
          (k, held) -> {
            List<Note<F>> left = held.stream().filter(n -> !n.notedAt().isBefore(expired)).toList();
            return left.isEmpty() ? null : left;
          });
    }
  }

  private static <F> List<Note<F>> concat(List<Note<F>> held, List<Note<F>> more) {
    List<Note<F>> all = new ArrayList<>(held);
    all.addAll(more);
    return List.copyOf(all);
  }

  private String key(R resource) {
    return identity.apply(resource);
  }
}
