package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises the API server asking the validating webhook again about a request it already asked
 * about, so that one request is one audit record.
 *
 * <p>The API server validates an update, and a delete of an object with finalizers (every
 * delete-protected RootKey has one), inside its storage's optimistic update loop: first against the
 * watch cache's copy of the object and, when that attempt fails, again against etcd's; a patch that
 * loses a race with another write is applied and validated again too. So a refused delete is always
 * asked about twice, milliseconds apart, and an edit racing another write can be. Each ask carries
 * a new request uid, so a repeat is known by what it says: the same person and RootKey (by uid) as
 * the last ask recorded for them, within {@link #WINDOW}, with the same outcome and the same values
 * before and after. An edit set back and forth is recorded each time, since each ask differs from
 * the one before; a person repeating a refused delete within the window is one record.
 *
 * <p>And from the same caller: the network address the ask came from. The request uid cannot key
 * repeats, as it names one call, not the user's request (the API server's two asks about one delete
 * carry two uids), and nothing else in a review is beyond copying: whoever can reach the admission
 * port can send the user name, the RootKey and its values. What they cannot choose is the address
 * their connection comes from; the API server's repeats come from its own, which is no workload's
 * (a control-plane node, or the address of the provider's network path to the cluster). So a
 * made-up ask sent first from a pod does not pass for the API server's real one, which is still
 * recorded; the made-up one is recorded too, with the pod's address. Keeping made-up asks out
 * altogether is the job of the port's isolation (its own Service, never the Ingress, a
 * NetworkPolicy where the cluster can tell the API server apart).
 */
public final class RepeatedAsks {

  /** Far longer than the API server's retry takes, short enough to hold little. */
  public static final Duration WINDOW = Duration.ofSeconds(2);

  /**
   * One ask as far as repeats go.
   *
   * @param who the caller's address, the person and the RootKey, with its uid (a RootKey created
   *     again is another)
   * @param what the outcome and the RootKey's values before and after, hashed
   */
  public record Ask(String who, String what) {}

  private record Recorded(String what, Instant at) {}

  private final Clock clock;

  /** The last ask recorded for each caller, person and RootKey, oldest first. */
  private final Map<String, Recorded> last = new LinkedHashMap<>();

  public RepeatedAsks(Clock clock) {
    this.clock = clock;
  }

  /**
   * True when this is the last ask recorded from the same caller for the same person and RootKey,
   * asked again.
   */
  public synchronized boolean isRepeat(Ask ask) {
    Instant now = clock.instant();
    Iterator<Recorded> oldestFirst = last.values().iterator();
    while (oldestFirst.hasNext() && !oldestFirst.next().at().plus(WINDOW).isAfter(now)) {
      oldestFirst.remove();
    }
    Recorded before = last.get(ask.who());
    if (before != null && before.what().equals(ask.what())) {
      return true;
    }
    // Removed first, so that the map stays in the order of recording.
    last.remove(ask.who());
    last.put(ask.who(), new Recorded(ask.what(), now));
    return false;
  }

  /**
   * One ask about an update or a delete, whatever its request uid.
   *
   * @param caller the address the review came from, as the connection tells (not a header)
   * @param outcome what the webhook records (edited, deleted or delete refused)
   * @param before the RootKey as stored
   * @param after the RootKey as it would be; null for a delete
   */
  public static Ask of(
      String caller, AuditOperation outcome, String username, RootKey before, RootKey after) {
    return new Ask(
        json(
            caller,
            username,
            before.getMetadata().getNamespace(),
            before.getMetadata().getName(),
            before.getMetadata().getUid()),
        KeyHash.sha256Hex(
            json(
                outcome.name(),
                RootKeyEdits.settable(before),
                after == null ? null : RootKeyEdits.settable(after))));
  }

  private static String json(Object... parts) {
    try {
      return Serialization.jsonMapper().writeValueAsString(Arrays.asList(parts));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a RootKey's spec, labels and annotations did not serialise", e);
    }
  }
}
