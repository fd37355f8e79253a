package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.audit.JsonLinesAuditTrail;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.apply.KeyJournal;
import dev.rootkey.operator.apply.Reporter;
import dev.rootkey.operator.kube.BackgroundEventWriter;
import dev.rootkey.operator.kube.CachingAnnotationStore;
import dev.rootkey.operator.kube.CachingStatusStore;
import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.kube.KubernetesKeyEvents;
import dev.rootkey.operator.kube.KubernetesLeakStore;
import dev.rootkey.operator.kube.KubernetesSecretStore;
import dev.rootkey.operator.kube.KubernetesUsageStore;
import dev.rootkey.operator.kube.KubernetesWorkloadRestarter;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.kube.OwnSecretWrites;
import dev.rootkey.operator.kube.OwnStatusWrites;
import dev.rootkey.operator.lifecycle.KeyLifecycle;
import dev.rootkey.operator.metrics.MicrometerKeyMetrics;
import dev.rootkey.operator.plan.SpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Wires the RootKey operator: one place that decides which parts run, for Main, sandbox and tests.
 */
public final class RootKeyOperator {

  /** Where the operator's audit records say they come from: this service in this pod. */
  private static final Source AUDIT_SOURCE = Source.thisHost("rootkey-operator");

  private RootKeyOperator() {}

  /**
   * The production operator for these namespaces (empty: all), not yet started, sealing key records
   * with {@code seal}: the scanner-webhook must hold the same.
   */
  public static Operator create(
      KubernetesClient client,
      Clock clock,
      KeyGenerator generator,
      RecordSeal seal,
      Set<String> namespaces) {
    OperatorOptions standalone = OperatorOptions.standalone();
    return create(
        client,
        clock,
        generator,
        seal,
        new OperatorOptions(namespaces, standalone.meters(), standalone.leaderElection()));
  }

  /** The production operator with these options, not yet started. */
  public static Operator create(
      KubernetesClient client,
      Clock clock,
      KeyGenerator generator,
      RecordSeal seal,
      OperatorOptions options) {
    OwnStatusWrites ownStatuses = new OwnStatusWrites(clock);
    OwnSecretWrites ownSecrets = new OwnSecretWrites(clock);
    KeyEvents events = new KubernetesKeyEvents(client, clock, new BackgroundEventWriter());
    return create(
        client,
        options,
        ownStatuses,
        ownSecrets,
        events,
        lifecycle(
            generator,
            clock,
            seal,
            new LifecycleStores(
                new CachingStatusStore(ownStatuses),
                new KubernetesSecretStore(client, ownSecrets),
                new CachingAnnotationStore(),
                new KubernetesWorkloadRestarter(client),
                new KubernetesLeakStore(client),
                new KubernetesUsageStore(client)),
            new LifecycleReporting(events, new MicrometerKeyMetrics(options.meters()))));
  }

  /** An operator around a given lifecycle, for tests that replace one of its parts. */
  public static Operator create(
      KubernetesClient client, Set<String> namespaces, KeyLifecycle lifecycle) {
    OperatorOptions standalone = OperatorOptions.standalone();
    return create(
        client, new OperatorOptions(namespaces, standalone.meters(), Optional.empty()), lifecycle);
  }

  /** An operator around a given lifecycle with these options, not yet started. */
  public static Operator create(
      KubernetesClient client, OperatorOptions options, KeyLifecycle lifecycle) {
    // The lifecycle's stores are not known here: every update reconciles.
    return create(
        client,
        options,
        (updated, previous) -> true,
        new OwnSecretWrites(),
        new KubernetesKeyEvents(client, Clock.systemUTC()),
        lifecycle);
  }

  /**
   * An operator around a given lifecycle, reconciling only the RootKey updates {@code updates}
   * accepts (besides the SDK's own rules), and not for the Secret writes {@code ownSecrets} knows.
   */
  private static Operator create(
      KubernetesClient client,
      OperatorOptions options,
      OnUpdateFilter<RootKey> updates,
      OwnSecretWrites ownSecrets,
      KeyEvents events,
      KeyLifecycle lifecycle) {
    Operator operator =
        new Operator(
            o -> {
              // Whoever made the client closes it: tests and the sandbox outlive an operator.
              OperatorSettings.apply(o.withKubernetesClient(client).withCloseClientOnStop(false))
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(options.meters()));
              options.leaderElection().ifPresent(o::withLeaderElectionConfiguration);
            });
    operator.register(
        new RootKeyReconciler(
            new SpecValidator(), lifecycle, ownSecrets, new UnreadableRootKeys(events)),
        config -> {
          config.withOnUpdateFilter(updates);
          if (options.namespaces().isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(options.namespaces());
          }
        });
    return operator;
  }

  /** A lifecycle on these stores, recording each audit record with its Event. */
  public static KeyLifecycle lifecycle(
      KeyGenerator generator,
      Clock clock,
      RecordSeal seal,
      LifecycleStores stores,
      LifecycleReporting reporting) {
    return KeyLifecycle.create(
        generator,
        clock,
        seal,
        stores,
        new Reporter(
            new KeyJournal(reporting.events(), new JsonLinesAuditTrail(), AUDIT_SOURCE, clock),
            reporting.metrics()));
  }
}
