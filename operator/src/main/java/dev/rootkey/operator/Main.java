package dev.rootkey.operator;

import dev.rootkey.config.BoundedShutdown;
import dev.rootkey.config.CommonPoolFloor;
import dev.rootkey.config.SealKeyAtStart;
import dev.rootkey.config.WatchedNamespaces;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator against the cluster of the in-cluster service account, or else the current
 * kubeconfig context. {@code ROOTKEY_NAMESPACES}: comma-separated namespaces to watch (default
 * all); {@code HTTP_PORT}: health and metrics (default 8081); {@code LEADER_ELECTION_NAMESPACE}:
 * where the Lease lives, which turns leader election on (the chart sets it); {@code
 * ROOTKEY_RECORD_SEAL_KEY} (required): base64 of the key key records are sealed with, the
 * scanner-webhook's too.
 */
public final class Main {

  static {
    // First, before logging or the client can touch the JDK's common pool and fix its size.
    CommonPoolFloor.raiseOnSmallMachines();
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws IOException {
    RecordSeal seal = SealKeyAtStart.fromEnvironmentOrExit(System.getenv());
    Set<String> namespaces = WatchedNamespaces.parse(System.getenv(WatchedNamespaces.VARIABLE));
    // Read even without leader election: a value that does not parse stops every start alike.
    LeaseTimings leaseTimings = LeaseTimings.fromEnvironment(System.getenv());
    BoundedShutdown shutdown = new BoundedShutdown("rootkey-operator", BoundedShutdown.DEADLINE);
    // Set in the pod from its own namespace: replicas then take turns holding the Lease.
    Optional<LeaderElectionConfiguration> leaderElection =
        Optional.ofNullable(System.getenv("LEADER_ELECTION_NAMESPACE"))
            .filter(ns -> !ns.isBlank())
            .map(ns -> LeaseHolding.in(ns, leaseTimings, shutdown::isUnderway));
    int httpPort = Integer.parseInt(System.getenv().getOrDefault("HTTP_PORT", "8081"));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator =
        RootKeyOperator.create(
            client,
            Clock.systemUTC(),
            new KeyGenerator(new SecureRandom()),
            seal,
            new OperatorOptions(namespaces, meters, leaderElection));
    OperatorHttpServer http =
        OperatorHttpServer.start(new InetSocketAddress(httpPort), operator, meters);
    shutdown.onExit(operator::stop, http, client);
    try {
      operator.start();
    } catch (RuntimeException e) {
      // Otherwise the HTTP server's thread keeps a process up that will never reconcile.
      log.error("rootkey-operator could not start: exiting", e);
      System.exit(1);
    }
    log.info(
        "rootkey-operator started against {} watching {}, health and metrics on port {}{}",
        client.getMasterUrl(),
        namespaces.isEmpty() ? "all namespaces" : namespaces,
        http.port(),
        leaderElection.map(le -> ", leader election on").orElse(""));
  }
}
