package dev.rootkey.bench;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two replicas of the packaged operator jar with its production settings and leader election on,
 * sharing one seal key, as the chart runs them: each start gets a new identity (its HOSTNAME, which
 * the SDK takes as its Lease identity), so the Lease's holder names the process that leads. A
 * replica that ends on its own (after losing the Lease, as {@code LeaseHolding} does) is started
 * again by {@link #restartEnded()}, as a kubelet would.
 */
final class OperatorReplicas implements AutoCloseable {

  static final String LEASE_NAME = "rootkey-operator";
  private static final int REPLICAS = 2;

  private final Path jar;
  private final Path logs;
  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> env;
  private final PackagedJarProcess[] slots = new PackagedJarProcess[REPLICAS];
  private final String[] identities = new String[REPLICAS];
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger selfExits = new AtomicInteger();

  OperatorReplicas(
      Path jar, Path logs, KubernetesClient client, String namespace, Map<String, String> env) {
    this.jar = jar;
    this.logs = logs;
    this.client = client;
    this.namespace = namespace;
    this.env = env;
  }

  synchronized void startAll() throws IOException {
    for (int slot = 0; slot < REPLICAS; slot++) {
      start(slot);
    }
  }

  private void start(int slot) throws IOException {
    String identity = "chaos-operator-" + starts.incrementAndGet();
    Map<String, String> all = new HashMap<>(env);
    all.put("HOSTNAME", identity);
    all.put("HTTP_PORT", String.valueOf(freePort()));
    all.put("LEADER_ELECTION_NAMESPACE", namespace);
    slots[slot] = PackagedJarProcess.start(jar, logs.resolve(identity + ".log"), all);
    identities[slot] = identity;
  }

  /** The Lease as the API server has it now; empty while it cannot be read. */
  Optional<Lease> lease() {
    try {
      return Optional.ofNullable(client.leases().inNamespace(namespace).withName(LEASE_NAME).get());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Optional<String> holder() {
    return lease().map(l -> l.getSpec().getHolderIdentity());
  }

  /** The slot of the live replica named {@code identity}, if one is. */
  synchronized Optional<Integer> liveSlot(String identity) {
    for (int slot = 0; slot < REPLICAS; slot++) {
      if (identity.equals(identities[slot]) && slots[slot].isAlive()) {
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }

  /**
   * SIGKILLs the replica named {@code identity} (if it still lives) and starts its slot again under
   * a new identity; returns the pid killed, or -1 if it had already ended.
   */
  synchronized long killAndRestart(String identity) throws IOException, InterruptedException {
    Optional<Integer> slot = liveSlot(identity);
    if (slot.isEmpty()) {
      return -1;
    }
    PackagedJarProcess leader = slots[slot.get()];
    long pid = leader.pid();
    leader.kill();
    start(slot.get());
    return pid;
  }

  /** Starts again any replica that ended without being killed here; how many did. */
  synchronized int restartEnded() throws IOException {
    int restarted = 0;
    for (int slot = 0; slot < REPLICAS; slot++) {
      if (!slots[slot].isAlive()) {
        selfExits.incrementAndGet();
        start(slot);
        restarted++;
      }
    }
    return restarted;
  }

  /** Replicas that ended on their own (a lost Lease) and were started again. */
  int selfExits() {
    return selfExits.get();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (PackagedJarProcess replica : slots) {
      if (replica != null) {
        replica.close();
      }
    }
  }
}
