package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.kube.CachingAnnotationStore;
import dev.rootkey.operator.kube.CachingStatusStore;
import dev.rootkey.operator.kube.KubernetesKeyEvents;
import dev.rootkey.operator.kube.KubernetesLeakStore;
import dev.rootkey.operator.kube.KubernetesSecretStore;
import dev.rootkey.operator.kube.KubernetesUsageStore;
import dev.rootkey.operator.kube.KubernetesWorkloadRestarter;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.kube.StatusStore;
import dev.rootkey.operator.metrics.KeyMetrics;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two operator replicas on one API server: only the holder of the Lease acts. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void onlyTheLeaderReconciles() {
    TestRootKeys.installCrd(client);
    allowLeases();
    AtomicInteger firstWrites = new AtomicInteger();
    AtomicInteger secondWrites = new AtomicInteger();
    Operator first = replica("replica-a", firstWrites);
    Operator second = replica("replica-b", secondWrites);
    first.start();
    second.start();
    try {
      for (String name : List.of("a", "b", "c")) {
        client.resource(rootKey(name, "api.*.verify_key")).create();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> List.of("a", "b", "c").stream().allMatch(n -> isReady(get(client, n))));

      Lease lease =
          client.leases().inNamespace("rootkey-system").withName(OperatorOptions.LEASE_NAME).get();
      assertThat(lease.getSpec().getHolderIdentity()).isIn("replica-a", "replica-b");
      boolean aLeads = "replica-a".equals(lease.getSpec().getHolderIdentity());
      assertThat((aLeads ? firstWrites : secondWrites).get()).isPositive();
      assertThat((aLeads ? secondWrites : firstWrites).get()).as("the standby wrote").isZero();
    } finally {
      first.stop();
      second.stop();
    }
  }

  /**
   * The SDK asks the API server (SelfSubjectRulesReview) whether it may use Leases before it
   * campaigns; the in-process server cannot answer that, so it answers as RBAC granting the chart's
   * rules would.
   */
  private void allowLeases() {
    SelfSubjectRulesReview granted = new SelfSubjectRulesReview();
    granted.setStatus(
        new SubjectRulesReviewStatusBuilder()
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("create", "get", "update")
            .endResourceRule()
            .withIncomplete(false)
            .build());
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, granted)
        .always();
  }

  private Operator replica(String identity, AtomicInteger writes) {
    StatusStore counting =
        new StatusStore() {
          private final CachingStatusStore delegate = new CachingStatusStore();

          @Override
          public RootKey write(RootKey withNewStatus, Context<RootKey> context) {
            writes.incrementAndGet();
            return delegate.write(withNewStatus, context);
          }
        };
    OperatorOptions options =
        new OperatorOptions(
            Set.of(),
            new SimpleMeterRegistry(),
            Optional.of(
                // As in production but for exitOnStopLeading: a test JVM must not exit on stop.
                new LeaderElectionConfiguration(
                    OperatorOptions.LEASE_NAME,
                    "rootkey-system",
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2),
                    identity,
                    null,
                    false)));
    return RootKeyOperator.create(
        client,
        options,
        RootKeyOperator.lifecycle(
            new KeyGenerator(new SecureRandom()),
            Clock.systemUTC(),
            TestRootKeys.SEAL,
            new LifecycleStores(
                counting,
                new KubernetesSecretStore(client),
                new CachingAnnotationStore(),
                new KubernetesWorkloadRestarter(client),
                new KubernetesLeakStore(client),
                new KubernetesUsageStore(client)),
            new LifecycleReporting(
                new KubernetesKeyEvents(client, Clock.systemUTC()), KeyMetrics.NONE)));
  }
}
