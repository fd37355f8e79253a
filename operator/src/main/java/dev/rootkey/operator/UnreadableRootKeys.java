package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.kube.KeyEvents;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the RootKeys whose spec or status this operator cannot read (written for another version
 * of the API), once per version of each: a warning in the log, and an Event when the status cannot
 * be read, as then no condition can be written to it.
 */
final class UnreadableRootKeys {

  static final String REASON = "Unreadable";

  private static final Logger log = LoggerFactory.getLogger(UnreadableRootKeys.class);

  private final KeyEvents events;

  /** The resourceVersion last reported, per RootKey: as many entries as unreadable RootKeys. */
  private final Map<ResourceID, String> reported = new ConcurrentHashMap<>();

  UnreadableRootKeys(KeyEvents events) {
    this.events = events;
  }

  /** What the user reads: the problem, and that nothing is done until it is fixed. */
  static String message(String problem) {
    return problem + "; this RootKey is left as it is until rootkey-operator can read it";
  }

  void report(RootKey rootKey, String problem, boolean statusReadable) {
    String version = Objects.requireNonNullElse(rootKey.getMetadata().getResourceVersion(), "");
    if (version.equals(reported.put(ResourceID.fromResource(rootKey), version))) {
      return;
    }
    log.warn(
        "RootKey {}/{} cannot be read and is left as it is: {}",
        rootKey.getMetadata().getNamespace(),
        rootKey.getMetadata().getName(),
        problem);
    if (!statusReadable) {
      events.warning(rootKey, REASON, message(problem));
    }
  }

  /** The RootKey is gone, or readable again. */
  void forget(ResourceID id) {
    reported.remove(id);
  }
}
