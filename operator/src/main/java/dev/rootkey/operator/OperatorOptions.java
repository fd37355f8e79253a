package dev.rootkey.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * How an operator process runs: which namespaces it watches (empty: all), where its metrics go, and
 * whether it must hold a Lease before acting (more than one replica).
 */
public record OperatorOptions(
    Set<String> namespaces,
    MeterRegistry meters,
    Optional<LeaderElectionConfiguration> leaderElection) {

  public static final String LEASE_NAME = "rootkey-operator";

  /** All namespaces, metrics kept in memory, no leader election: tests, sandbox, benchmarks. */
  public static OperatorOptions standalone() {
    return new OperatorOptions(Set.of(), new SimpleMeterRegistry(), Optional.empty());
  }
}
