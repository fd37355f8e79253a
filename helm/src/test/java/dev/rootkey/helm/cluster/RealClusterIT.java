package dev.rootkey.helm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Release;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.helm.cluster.DeliveredKeys.Delivered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart as a user installs it, on a real single-node cluster (API server, controller manager
 * with garbage collection, scheduler, kubelet with containerd, kube-proxy) with the images built
 * from this checkout: helm install with the default values, the examples, a rotation by a user
 * under RBAC, verification from a pod over TLS, helm upgrade, a GitHub leak report, delete
 * protection, a leader killed during a rotation, and helm uninstall. Each step checks what a user
 * would check with kubectl. Needs ROOTKEY_CLUSTER_KUBECONFIG and the cluster's network ({@code
 * .ci/real-cluster exec}); skipped without it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(StopAtFirstFailure.class)
class RealClusterIT {

  static final String KUBECONFIG_VARIABLE = "ROOTKEY_CLUSTER_KUBECONFIG";

  private static final String SYSTEM = ChartRelease.NAMESPACE;
  private static final String OPERATOR = "rootkey-operator";
  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String ADMISSION = "rootkey-operator-admission";
  private static final String WEBHOOK_TLS_SECRET = "rootkey-operator-webhook-tls";
  private static final String WEBHOOK_CA_SECRET = "rootkey-operator-webhook-ca";
  private static final String RECORD_SEAL_SECRET = "rootkey-operator-record-seal";
  private static final String LEASE = "rootkey-operator";
  private static final Map<String, String> OPERATOR_PODS = component("operator");
  private static final Map<String, String> WEBHOOK_PODS = component("scanner-webhook");
  private static final String RELEASE_LABEL = "app.kubernetes.io/instance";

  private static final String PAYMENTS = "payments";
  private static final String BILLING = "billing-service";
  private static final String BILLING_API = "billing-api";
  private static final String CA_CONFIG_MAP = "rootkey-webhook-ca";
  private static final String USER = "alice@example.com";
  private static final String VIEWER = "bob@example.com";
  private static final String RESTARTED_FOR_KEY = "rootkey.dev/restarted-for-key";
  private static final Duration DELIVERY = Duration.ofMinutes(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private final Progress progress = new Progress();
  private final SecureRandom random = new SecureRandom();
  private KubernetesClient client;
  private Kubectl kubectl;
  private ChartRelease release;
  private Rollouts rollouts;
  private DeliveredKeys keys;
  private PodAuditRecords audit;
  private KeySetServer keySet;

  /** The key standing in for GitHub's, served as its key set from step 5 on. */
  private GitHubSigningKey github;

  /** The webhook's public Service, trusting the CA as the user copied it (step 4 on). */
  private WebhookEndpoint webhook;

  @BeforeAll
  void connectAndClearLeftovers() throws Exception {
    String path = System.getenv(KUBECONFIG_VARIABLE);
    assumeTrue(
        path != null && !path.isBlank(),
        KUBECONFIG_VARIABLE + " is not set: no real cluster (see .ci/real-cluster)");
    Path kubeconfig = Path.of(path);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    kubectl = new Kubectl(kubeconfig, work);
    release = new ChartRelease(kubeconfig);
    rollouts = new Rollouts(client);
    keys = new DeliveredKeys(client);
    audit = new PodAuditRecords(client);
    progress.say(
        "cluster %s, Kubernetes %s",
        client.getMasterUrl(), client.getKubernetesVersion().getGitVersion());
    progress.say("0. clearing what an earlier run may have left");
    new LeftoverReset(client, release, List.of(PAYMENTS, SYSTEM)).run();
  }

  @AfterAll
  void stop() {
    if (keySet != null) {
      keySet.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  @Order(1)
  void helmInstallWithTheDefaultValuesRunsBothDeploymentsAsUser10001WithAReadOnlyRoot() {
    progress.say(
        "1. helm install %s %s -n %s --create-namespace",
        ChartRelease.NAME, ChartRelease.CHART, SYSTEM);
    Release installed = release.install();
    assertThat(installed.getStatus()).isEqualTo("deployed");

    progress.say("1. waiting for Deployments %s and %s to be Available", OPERATOR, WEBHOOK);
    rollouts.awaitComplete(SYSTEM, OPERATOR);
    rollouts.awaitComplete(SYSTEM, WEBHOOK);

    List<Pod> pods = new ArrayList<>(rollouts.readyPods(SYSTEM, OPERATOR_PODS));
    assertThat(pods).as("operator pods").hasSize(1);
    List<Pod> webhookPods = rollouts.readyPods(SYSTEM, WEBHOOK_PODS);
    assertThat(webhookPods).as("webhook pods (two by default)").hasSize(2);
    pods.addAll(webhookPods);
    for (Pod pod : pods) {
      PodSecurityContext podContext = pod.getSpec().getSecurityContext();
      for (Container container : pod.getSpec().getContainers()) {
        SecurityContext context = container.getSecurityContext();
        assertThat(context).as("security context of %s", pod.getMetadata().getName()).isNotNull();
        Long uid =
            context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
        assertThat(uid).as("user of %s", pod.getMetadata().getName()).isEqualTo(10001L);
        assertThat(context.getReadOnlyRootFilesystem())
            .as("read-only root of %s", pod.getMetadata().getName())
            .isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      }
      assertThat(pod.getStatus().getContainerStatuses())
          .allSatisfy(
              s -> {
                assertThat(s.getReady()).isTrue();
                assertThat(s.getState().getRunning()).isNotNull();
              });
    }
    // The API server reaches the admission webhooks through this Service (failurePolicy Ignore:
    // a call it cannot make goes unnoticed), as workloads reach verification through the other.
    for (String service : List.of(WEBHOOK, ADMISSION)) {
      await("Service " + service + " serves both webhook pods")
          .atMost(Duration.ofMinutes(1))
          .until(() -> readyAddresses(service) == 2);
    }
    String operatorPod = rollouts.readyPods(SYSTEM, OPERATOR_PODS).get(0).getMetadata().getName();
    Lease renewed =
        await("the operator " + operatorPod + " holds and renews Lease " + LEASE)
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> client.leases().inNamespace(SYSTEM).withName(LEASE).get(),
                l ->
                    l != null
                        && operatorPod.equals(l.getSpec().getHolderIdentity())
                        && l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime()));
    progress.say(
        "1. installed: %d pods running as 10001, read-only root; %s leads (Lease renewed at %s)",
        pods.size(), operatorPod, renewed.getSpec().getRenewTime());
  }

  @Test
  @Order(2)
  void theExamplesGetEveryRootKeyReadyWithItsKeyInItsSecret() {
    Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
    progress.say("2. kubectl apply -f %s", examples);
    kubectl.ok("apply", "-f", examples.toString());

    List<String> names =
        client.resources(RootKey.class).inNamespace(PAYMENTS).list().getItems().stream()
            .map(r -> r.getMetadata().getName())
            .toList();
    assertThat(names).containsExactlyInAnyOrder(BILLING, "partner-sync", "search-indexer");
    for (String name : names) {
      Delivered delivered = keys.await(PAYMENTS, name, Set.of(), DELIVERY);
      progress.say("2. RootKey %s Ready: %s", name, delivered);
    }

    Delivered billing = keys.await(PAYMENTS, BILLING, Set.of(), DELIVERY);
    ReplicaSet replicaSet =
        rollouts.awaitNewReplicaSet(
            PAYMENTS, BILLING_API, Set.of(), RESTARTED_FOR_KEY, billing.id());
    assertThat(keyThePodReads(replicaSet)).isEqualTo(Fingerprints.of(billing.key()));
    progress.say("2. %s runs on %s: its pod reads the key", BILLING_API, billing.id());
  }

  @Test
  @Order(3)
  void aUserRotatesByAnnotationTheWebhookNamesThemAndTheWorkloadRollsOntoTheNewKey()
      throws Exception {
    progress.say("3. %s may edit RootKeys in %s (Role and RoleBinding)", USER, PAYMENTS);
    kubectl.ok("apply", "-f", write("rootkey-editor.yaml", editorRole()).toString());
    assertThat(
            kubectl.run("auth", "can-i", "patch", "rootkeys", "-n", PAYMENTS, "--as", USER).out())
        .startsWith("yes");
    // The chart's aggregated ClusterRoles: Kubernetes' own view role now reads RootKeys (the
    // controller manager aggregates them, eventually) and still changes nothing.
    kubectl.ok("apply", "-f", write("rootkey-viewer.yaml", viewerBinding()).toString());
    await("the view role aggregating the chart's RootKey rights")
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                kubectl
                    .run("auth", "can-i", "list", "rootkeys", "-n", PAYMENTS, "--as", VIEWER)
                    .out(),
            out -> out.startsWith("yes"));
    assertThat(
            kubectl.run("auth", "can-i", "patch", "rootkeys", "-n", PAYMENTS, "--as", VIEWER).out())
        .startsWith("no");

    Delivered before = keys.await(PAYMENTS, BILLING, Set.of(), DELIVERY);
    Set<String> replicaSets = rollouts.replicaSets(PAYMENTS, BILLING_API);
    String request = "rotate-by-" + random.nextInt(1_000_000);
    progress.say(
        "3. kubectl --as %s annotate rk %s %s=%s",
        USER, BILLING, RotationAnnotations.ROTATE, request);
    askForRotation(request, "--as", USER);

    assertThat(keys.rootKey(PAYMENTS, BILLING).getMetadata().getAnnotations())
        .as("stamped by the mutating webhook the API server called through its Service")
        .containsEntry(RotationAnnotations.ROTATE_REQUESTED_BY, USER);

    Delivered after = keys.await(PAYMENTS, BILLING, Set.of(before.id()), DELIVERY);
    assertThat(keys.rootKey(PAYMENTS, BILLING).getStatus().getLastRotateRequest())
        .isEqualTo(request);
    assertThat(keys.record(PAYMENTS, BILLING, before.id()).orElseThrow().getState())
        .isEqualTo(KeyState.Expiring);
    progress.say("3. rotated: %s replaced %s", after.id(), before.id());

    JsonNode edited =
        await("the webhook's audit record of " + USER + "'s edit")
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    audit.of(SYSTEM, WEBHOOK_PODS, PAYMENTS, BILLING).stream()
                        .filter(r -> "rootkey.edited".equals(r.path("operation").asText()))
                        .filter(r -> USER.equals(r.path("actor").path("username").asText()))
                        .findFirst()
                        .orElse(null),
                Objects::nonNull);
    assertThat(edited.path("actor").path("type").asText()).isEqualTo("user");
    assertThat(texts(edited.path("details").path("fields")))
        .contains("metadata.annotations." + RotationAnnotations.ROTATE);
    assertThat(edited.path("source").path("service").asText()).isEqualTo("scanner-webhook");
    JsonNode rotated =
        await("the operator's audit record of the rotation")
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    audit.of(SYSTEM, OPERATOR_PODS, PAYMENTS, BILLING).stream()
                        .filter(r -> "key.rotated".equals(r.path("operation").asText()))
                        .filter(r -> after.id().equals(r.path("key").path("id").asText()))
                        .findFirst()
                        .orElse(null),
                Objects::nonNull);
    assertThat(PodAuditRecords.whoDidWhat(rotated)).isEqualTo("key.rotated by " + USER);
    assertThat(rotated.path("details").path("trigger").asText()).isEqualTo("Manual");
    progress.say(
        "3. audit: '%s', '%s'",
        PodAuditRecords.whoDidWhat(edited), PodAuditRecords.whoDidWhat(rotated));

    ReplicaSet rolled =
        rollouts.awaitNewReplicaSet(
            PAYMENTS, BILLING_API, replicaSets, RESTARTED_FOR_KEY, after.id());
    assertThat(keyThePodReads(rolled)).isEqualTo(Fingerprints.of(after.key()));
    progress.say(
        "3. %s rolled out ReplicaSet %s, whose pod reads the new key",
        BILLING_API, rolled.getMetadata().getName());
  }

  @Test
  @Order(4)
  void aPodVerifiesItsKeyThroughTheWebhookServiceOverTlsWithTheChartsCa() throws Exception {
    progress.say("4. copying the webhook's CA into ConfigMap %s/%s", PAYMENTS, CA_CONFIG_MAP);
    // As docs/install.md tells users, word for word.
    kubectl.shell(
        "kubectl get secret "
            + WEBHOOK_TLS_SECRET
            + " -n "
            + SYSTEM
            + " -o jsonpath='{.data.ca\\.crt}' | base64 -d > rootkey-webhook-ca.crt\n"
            + "kubectl create configmap "
            + CA_CONFIG_MAP
            + " -n "
            + PAYMENTS
            + " --from-file=ca.crt=rootkey-webhook-ca.crt");
    String caPem =
        client
            .configMaps()
            .inNamespace(PAYMENTS)
            .withName(CA_CONFIG_MAP)
            .get()
            .getData()
            .get("ca.crt");
    assertThat(caPem)
        .as("the chart's CA")
        .isEqualTo(
            Fingerprints.decoded(secret(SYSTEM, WEBHOOK_CA_SECRET).getData().get("tls.crt")));

    Service service = client.services().inNamespace(SYSTEM).withName(WEBHOOK).get();
    String clusterIp = service.getSpec().getClusterIP();
    int port = service.getSpec().getPorts().get(0).getPort();
    String dnsName = WEBHOOK + "." + SYSTEM + ".svc";
    webhook = WebhookEndpoint.of(clusterIp, port, dnsName, caPem);

    Delivered billing = keys.await(PAYMENTS, BILLING, Set.of(), DELIVERY);
    String image =
        client
            .apps()
            .deployments()
            .inNamespace(SYSTEM)
            .withName(WEBHOOK)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();
    progress.say(
        "4. Job verify-billing-key: java from %s calls https://%s/v2/keys.verifyKey",
        image, dnsName);
    String answer =
        new VerifyKeyJob(client)
            .run(
                PAYMENTS,
                "verify-billing-key",
                new VerifyKeyJob.Target(
                    "https://" + dnsName + (port == 443 ? "" : ":" + port) + "/v2/keys.verifyKey",
                    dnsName,
                    clusterIp),
                new VerifyKeyJob.Inputs(
                    billing.secret(),
                    DeliveredKeys.target(keys.rootKey(PAYMENTS, BILLING)).getKey(),
                    CA_CONFIG_MAP,
                    image),
                Rollouts.TIMEOUT);
    assertThat(answer).startsWith("200: ");
    JsonNode data = JSON.readTree(answer.substring("200: ".length())).path("data");
    assertThat(data.path("valid").asBoolean()).isTrue();
    assertThat(data.path("code").asText()).isEqualTo("VALID");
    assertThat(data.path("keyId").asText()).isEqualTo(billing.id());
    assertThat(data.path("rootKey").path("name").asText()).isEqualTo(BILLING);
    progress.say("4. the pod's key is VALID (%s)", billing.id());
  }

  @Test
  @Order(5)
  void helmUpgradeWithChangedValuesKeepsEveryKeyTheCaAndTheRecordSeal() {
    github = GitHubSigningKey.generate("rc-it-" + random.nextInt(1_000_000), random);
    keySet = KeySetServer.start(nodeAddress(), github.keySetDocument());

    Map<String, Map<String, String>> secretsBefore = keySecretFingerprints();
    Map<String, String> tlsBefore = tlsFingerprints();
    Map<String, String> sealBefore = Fingerprints.of(secret(SYSTEM, RECORD_SEAL_SECRET));
    assertThat(secretsBefore).isNotEmpty();

    progress.say("5. helm upgrade --set operator.replicas=2 --set github.keysUrl=%s", keySet.url());
    Release upgraded =
        release.upgrade(Map.of("operator.replicas", 2, "github.keysUrl", keySet.url().toString()));
    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(upgraded.getRevision()).isEqualTo("2");
    rollouts.awaitComplete(SYSTEM, OPERATOR);
    rollouts.awaitComplete(SYSTEM, WEBHOOK);
    assertThat(rollouts.readyPods(SYSTEM, OPERATOR_PODS)).hasSize(2);
    for (Pod pod : rollouts.readyPods(SYSTEM, WEBHOOK_PODS)) {
      assertThat(pod.getSpec().getContainers().get(0).getEnv())
          .anyMatch(
              e ->
                  "GITHUB_KEYS_URL".equals(e.getName())
                      && keySet.url().toString().equals(e.getValue()));
    }
    progress.say("5. rolled out: 2 operator pods, webhook pods with the new key set URL");

    assertThat(keySecretFingerprints()).as("every key in every Secret").isEqualTo(secretsBefore);
    assertThat(tlsFingerprints()).as("the webhook's CA and caBundles").isEqualTo(tlsBefore);
    assertThat(Fingerprints.of(secret(SYSTEM, RECORD_SEAL_SECRET)))
        .as("the record seal")
        .isEqualTo(sealBefore);

    int verified = 0;
    for (Secret secret : keySecrets()) {
      for (Map.Entry<String, String> entry : new TreeMap<>(secret.getData()).entrySet()) {
        String key = Fingerprints.decoded(entry.getValue());
        assertThat(verification(key))
            .as("%s in Secret %s", entry.getKey(), secret.getMetadata().getName())
            .isEqualTo("VALID");
        verified++;
      }
    }
    progress.say(
        "5. all %d keys in the Secrets unchanged and VALID; CA, caBundles, seal unchanged",
        verified);
  }

  @Test
  @Order(6)
  void aLeakReportedThroughTheWebhookServiceRevokesTheKeyAndRollsTheWorkload() throws Exception {
    Delivered leaked = keys.await(PAYMENTS, BILLING, Set.of(), DELIVERY);
    Set<String> replicaSets = rollouts.replicaSets(PAYMENTS, BILLING_API);
    byte[] alert =
        JSON.writeValueAsBytes(
            List.of(
                new LinkedHashMap<>(
                    Map.of(
                        "token", leaked.key(),
                        "type", "rootkey_root_key",
                        "url", "https://github.com/example/billing/blob/main/.env",
                        "source", "commit"))));
    progress.say(
        "6. POST /github/secret-scanning (signed by %s) for %s", github.identifier(), leaked);
    WebhookEndpoint.Response response =
        webhook.post(
            "/github/secret-scanning",
            alert,
            Map.of(
                "Github-Public-Key-Identifier", github.identifier(),
                "Github-Public-Key-Signature", github.sign(alert)));
    assertThat(response.status()).as("the webhook's answer to GitHub").isEqualTo(200);
    JsonNode labels = response.json();
    assertThat(labels.size()).isEqualTo(1);
    assertThat(labels.get(0).path("label").asText()).isEqualTo("true_positive");
    assertThat(keySet.fetches()).as("the webhook fetched the key set").isPositive();

    String code =
        await("the leaked key answers REVOKED")
            .atMost(DELIVERY)
            .ignoreExceptions()
            .until(() -> webhook.verify(leaked.key()), "REVOKED"::equals);
    progress.say("6. the leaked key answers %s", code);
    Delivered replacement = keys.await(PAYMENTS, BILLING, Set.of(leaked.id()), DELIVERY);
    KeyRecord revoked = keys.record(PAYMENTS, BILLING, leaked.id()).orElseThrow();
    assertThat(revoked.getState()).isEqualTo(KeyState.Revoked);
    assertThat(revoked.getReason()).isEqualTo(KeyReason.Leaked);
    KeyLeak keyLeak =
        await("KeyLeak " + leaked.id() + " answered")
            .atMost(DELIVERY)
            .until(
                () ->
                    client
                        .resources(KeyLeak.class)
                        .inNamespace(PAYMENTS)
                        .withName(KeyLeak.nameFor(leaked.id()))
                        .get(),
                l -> l != null && l.getStatus() != null && l.getStatus().getAction() != null);
    assertThat(keyLeak.getStatus().getAction()).isEqualTo(LeakAction.Revoked);
    assertThat(keyLeak.getSpec().getUrl())
        .isEqualTo("https://github.com/example/billing/blob/main/.env");
    assertThat(verification(replacement.key())).isEqualTo("VALID");

    ReplicaSet rolled =
        rollouts.awaitNewReplicaSet(
            PAYMENTS, BILLING_API, replicaSets, RESTARTED_FOR_KEY, replacement.id());
    assertThat(keyThePodReads(rolled)).isEqualTo(Fingerprints.of(replacement.key()));
    progress.say(
        "6. replaced by %s; %s rolled out ReplicaSet %s with it",
        replacement.id(), BILLING_API, rolled.getMetadata().getName());
  }

  @Test
  @Order(7)
  void deletingAProtectedRootKeyIsRefusedAndAnotherRootKeysSecretIsGarbageCollected()
      throws Exception {
    progress.say("7. kubectl apply a RootKey 'ledger' with spec.deleteProtection: true");
    kubectl.ok(
        "apply",
        "-f",
        write(
                "ledger.yaml",
                """
                apiVersion: rootkey.dev/v1alpha1
                kind: RootKey
                metadata:
                  name: ledger
                  namespace: payments
                spec:
                  permissions: [api.ledger.verify_key]
                  deleteProtection: true
                """)
            .toString());
    keys.await(PAYMENTS, "ledger", Set.of(), DELIVERY);

    Kubectl.Result refused = kubectl.run("delete", "rk", "ledger", "-n", PAYMENTS);
    assertThat(refused.code()).as("kubectl delete of a protected RootKey").isNotZero();
    assertThat(refused.err())
        .contains("admission webhook \"audit.rootkey.dev\" denied the request")
        .contains("spec.deleteProtection: true");
    RootKey ledger = keys.rootKey(PAYMENTS, "ledger");
    assertThat(ledger).isNotNull();
    assertThat(ledger.isMarkedForDeletion()).isFalse();
    progress.say("7. refused: %s", refused.err().strip());

    String secretName = "search-indexer";
    Secret secret = secret(PAYMENTS, secretName);
    assertThat(secret.getMetadata().getOwnerReferences())
        .anyMatch(o -> "RootKey".equals(o.getKind()) && "search-indexer".equals(o.getName()));
    progress.say("7. kubectl delete rk search-indexer; waiting for its Secret to be collected");
    kubectl.ok("delete", "rk", "search-indexer", "-n", PAYMENTS);
    await("Secret " + secretName + " garbage-collected")
        .atMost(Duration.ofMinutes(2))
        .until(() -> secret(PAYMENTS, secretName) == null);
    progress.say("7. Secret %s is gone", secretName);
  }

  @Test
  @Order(8)
  void anotherReplicaFinishesARotationWhenTheLeaderIsKilledDuringIt() {
    List<String> operators =
        rollouts.readyPods(SYSTEM, OPERATOR_PODS).stream()
            .map(p -> p.getMetadata().getName())
            .toList();
    assertThat(operators).hasSize(2);
    String leader = leaseHolder();
    assertThat(operators).contains(leader);
    String standby = operators.stream().filter(p -> !p.equals(leader)).findFirst().orElseThrow();

    Delivered before = keys.await(PAYMENTS, BILLING, Set.of(), DELIVERY);
    String request = "failover-" + random.nextInt(1_000_000);
    progress.say(
        "8. leader %s, standby %s: killing the leader as %s is rotated", leader, standby, BILLING);
    // A forced delete returns once the Pod object is gone; the kubelet kills the process a moment
    // later. The rotation asked for right then meets a leader about to die: it may start the
    // rotation and die in it, or never see it; its successor must finish or do it, losing nothing.
    // (Asked for first, the rotation is over within milliseconds, before any kill lands.)
    kubectl.ok("delete", "pod", leader, "-n", SYSTEM, "--grace-period=0", "--force");
    askForRotation(request);

    // The standby, or the pod replacing the killed one if it starts first: whichever replica
    // takes the expired Lease first leads.
    String successor =
        await("another running operator pod holds Lease " + LEASE)
            .atMost(Duration.ofMinutes(2))
            .until(
                this::leaseHolder,
                holder ->
                    holder != null
                        && !holder.equals(leader)
                        && rollouts.readyPods(SYSTEM, OPERATOR_PODS).stream()
                            .anyMatch(p -> holder.equals(p.getMetadata().getName())));
    progress.say(
        "8. %s took the Lease (%s)",
        successor, successor.equals(standby) ? "the standby" : "the killed pod's replacement");

    Delivered after = keys.await(PAYMENTS, BILLING, Set.of(before.id()), DELIVERY);
    RootKey rootKey = keys.rootKey(PAYMENTS, BILLING);
    assertThat(rootKey.getStatus().getLastRotateRequest()).isEqualTo(request);
    assertThat(rootKey.getStatus().getIssuing()).as("no issuance left half done").isNull();
    List<KeyRecord> records = rootKey.getStatus().getKeys();
    assertThat(records.stream().map(KeyRecord::getId)).doesNotHaveDuplicates();
    assertThat(records.stream().filter(k -> k.getState() == KeyState.Active))
        .singleElement()
        .extracting(KeyRecord::getId)
        .isEqualTo(after.id());
    KeyRecord previous = keys.record(PAYMENTS, BILLING, before.id()).orElseThrow();
    assertThat(previous.getState()).isEqualTo(KeyState.Expiring);
    assertThat(Instant.parse(previous.getExpiresAt())).isAfter(Instant.now());
    SecretTarget target = DeliveredKeys.target(rootKey);
    String previousInSecret =
        Fingerprints.decoded(
            secret(PAYMENTS, target.getName()).getData().get(target.getPreviousKey()));
    assertThat(Fingerprints.of(previousInSecret))
        .as("the Secret's previous key")
        .isEqualTo(previous.getHash());

    assertThat(verification(after.key())).as("the new key").isEqualTo("VALID");
    assertThat(verification(before.key())).as("the previous key, in its grace").isEqualTo("VALID");
    rollouts.awaitComplete(SYSTEM, OPERATOR);
    // Informational: whether the killed leader issued the key before it died (its log went with
    // it) or its successor did; either way nothing may be lost, which is what is asserted above.
    String issuer =
        audit.of(SYSTEM, OPERATOR_PODS, PAYMENTS, BILLING).stream()
            .filter(r -> "key.rotated".equals(r.path("operation").asText()))
            .filter(r -> after.id().equals(r.path("key").path("id").asText()))
            .map(r -> r.path("source").path("host").asText())
            .findFirst()
            .orElse("the leader before it died");
    progress.say(
        "8. rotation complete (issued by %s): %s VALID, previous %s VALID in its grace",
        issuer, after.id(), before.id());
  }

  @Test
  @Order(9)
  void uninstallAsTheReadmeSaysLeavesOnlyTheCrdsAndTheKeptSecrets() {
    Map<String, List<String>> releaseObjects = clusterScopedObjectsOfTheRelease();
    assertThat(releaseObjects.values().stream().mapToInt(List::size).sum())
        .as("cluster-scoped objects of the release before the uninstall: %s", releaseObjects)
        .isGreaterThanOrEqualTo(6);

    progress.say("9. unprotecting and deleting every RootKey (docs/install.md: Uninstalling)");
    kubectl.shell(
        """
        kubectl get rootkeys -A --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name |
          while read -r ns name; do
            kubectl patch rootkey "$name" -n "$ns" --type merge -p '{"spec":{"deleteProtection":false}}'
          done
        kubectl delete rootkeys --all -A
        """);
    assertThat(client.resources(RootKey.class).inAnyNamespace().list().getItems()).isEmpty();
    await("the RootKeys' Secrets garbage-collected")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                client.secrets().inNamespace(PAYMENTS).list().getItems().stream()
                    .noneMatch(
                        s ->
                            s.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> "RootKey".equals(o.getKind()))));

    progress.say("9. helm uninstall %s -n %s", ChartRelease.NAME, SYSTEM);
    release.uninstall();
    await("no cluster-scoped object of the release left")
        .atMost(Duration.ofMinutes(1))
        .until(() -> clusterScopedObjectsOfTheRelease().values().stream().allMatch(List::isEmpty));
    assertThat(client.apps().deployments().inNamespace(SYSTEM).list().getItems()).isEmpty();
    assertThat(secret(SYSTEM, WEBHOOK_TLS_SECRET)).isNull();
    List<String> crds = List.of("rootkeys.rootkey.dev", "keyleaks.rootkey.dev");
    for (String crd : crds) {
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd).get())
          .as("CRD %s, which Helm never deletes", crd)
          .isNotNull();
    }
    for (String kept : List.of(WEBHOOK_CA_SECRET, RECORD_SEAL_SECRET)) {
      assertThat(secret(SYSTEM, kept)).as("Secret %s, kept on purpose", kept).isNotNull();
      assertThat(secret(SYSTEM, kept).getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
    }
    progress.say("9. uninstalled: only the CRDs and the kept Secrets remain");

    progress.say("9. kubectl delete crd %s", String.join(" ", crds));
    kubectl.ok("delete", "crd", crds.get(0), crds.get(1));
    await("the CRDs gone")
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                crds.stream()
                    .allMatch(
                        c ->
                            client
                                    .apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName(c)
                                    .get()
                                == null));

    progress.say("9. kubectl delete namespace %s", SYSTEM);
    kubectl.ok("delete", "namespace", SYSTEM);
    await("namespace " + SYSTEM + " and its kept Secrets gone")
        .atMost(Duration.ofMinutes(2))
        .until(() -> client.namespaces().withName(SYSTEM).get() == null);
    assertThat(secret(SYSTEM, WEBHOOK_CA_SECRET)).isNull();
    assertThat(secret(SYSTEM, RECORD_SEAL_SECRET)).isNull();
    progress.say("9. done: nothing of the release is left");
  }

  // ---------------------------------------------------------------------------------------------

  /** The SHA-256 of the ROOT_KEY in the environment of this ReplicaSet's pod. */
  private String keyThePodReads(ReplicaSet replicaSet) {
    Pod pod = rollouts.readyPods(replicaSet).get(0);
    // printf of the shell: busybox builds without a printenv applet exist (Debian's).
    Kubectl.Result printed =
        kubectl.run(
            "exec",
            pod.getMetadata().getName(),
            "-n",
            PAYMENTS,
            "--",
            "sh",
            "-c",
            "printf %s \"$ROOT_KEY\"");
    // The output is the key: never in a message.
    assertThat(printed.code()).as("kubectl exec printf: %s", printed.err()).isZero();
    return Fingerprints.of(printed.out());
  }

  /** The verification code of a key through the webhook Service; retried while endpoints settle. */
  private String verification(String key) {
    return await("an answer from keys.verifyKey")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> webhook.verify(key), Objects::nonNull);
  }

  /** The ready addresses behind a Service of the release (kubectl get endpoints). */
  private int readyAddresses(String service) {
    Endpoints endpoints = client.endpoints().inNamespace(SYSTEM).withName(service).get();
    return endpoints == null
        ? 0
        : endpoints.getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum();
  }

  /**
   * kubectl annotate asking for a rotation of {@link #BILLING}, {@code flags} (e.g. --as) first.
   */
  private void askForRotation(String request, String... flags) {
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(
        List.of(
            "annotate",
            "rk",
            BILLING,
            "-n",
            PAYMENTS,
            RotationAnnotations.ROTATE + "=" + request,
            "--overwrite"));
    kubectl.ok(args.toArray(String[]::new));
  }

  private String leaseHolder() {
    Lease lease = client.leases().inNamespace(SYSTEM).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The Secrets the RootKeys deliver into (owned by a RootKey), by name. */
  private List<Secret> keySecrets() {
    return client.secrets().inNamespace(PAYMENTS).list().getItems().stream()
        .filter(
            s ->
                s.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> "RootKey".equals(o.getKind())))
        .toList();
  }

  private Map<String, Map<String, String>> keySecretFingerprints() {
    return keySecrets().stream()
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getName(), Fingerprints::of, (a, b) -> a, TreeMap::new));
  }

  /** The CA as Secrets and both webhook configurations carry it, fingerprinted. */
  private Map<String, String> tlsFingerprints() {
    Map<String, String> fingerprints = new TreeMap<>();
    fingerprints.put(
        "ca secret tls.crt",
        Fingerprints.of(
            Fingerprints.decoded(secret(SYSTEM, WEBHOOK_CA_SECRET).getData().get("tls.crt"))));
    fingerprints.put(
        "ca secret tls.key",
        Fingerprints.of(
            Fingerprints.decoded(secret(SYSTEM, WEBHOOK_CA_SECRET).getData().get("tls.key"))));
    fingerprints.put(
        "tls secret ca.crt",
        Fingerprints.of(
            Fingerprints.decoded(secret(SYSTEM, WEBHOOK_TLS_SECRET).getData().get("ca.crt"))));
    for (MutatingWebhook hook :
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(WEBHOOK)
            .get()
            .getWebhooks()) {
      fingerprints.put(
          "caBundle " + hook.getName(), Fingerprints.of(hook.getClientConfig().getCaBundle()));
    }
    for (ValidatingWebhook hook :
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(WEBHOOK)
            .get()
            .getWebhooks()) {
      fingerprints.put(
          "caBundle " + hook.getName(), Fingerprints.of(hook.getClientConfig().getCaBundle()));
    }
    // Each the same CA: the caBundle is base64 of the CA's PEM.
    String ca = Fingerprints.decoded(secret(SYSTEM, WEBHOOK_CA_SECRET).getData().get("tls.crt"));
    assertThat(fingerprints)
        .containsEntry(
            "caBundle audit.rootkey.dev",
            Fingerprints.of(
                Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.US_ASCII))));
    return fingerprints;
  }

  /**
   * The release's cluster-scoped objects, by kind: those labelled with its instance name. The
   * ValidatingAdmissionPolicy kinds are looked at where the cluster serves them (1.30+).
   */
  private Map<String, List<String>> clusterScopedObjectsOfTheRelease() {
    Map<String, List<String>> objects = new TreeMap<>();
    objects.put(
        "ClusterRole",
        names(
            client
                .rbac()
                .clusterRoles()
                .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                .list()
                .getItems()));
    objects.put(
        "ClusterRoleBinding",
        names(
            client
                .rbac()
                .clusterRoleBindings()
                .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                .list()
                .getItems()));
    objects.put(
        "MutatingWebhookConfiguration",
        names(
            client
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                .list()
                .getItems()));
    objects.put(
        "ValidatingWebhookConfiguration",
        names(
            client
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                .list()
                .getItems()));
    if (client.supports("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")) {
      objects.put(
          "ValidatingAdmissionPolicy",
          names(
              client
                  .admissionRegistration()
                  .v1()
                  .validatingAdmissionPolicies()
                  .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                  .list()
                  .getItems()));
      objects.put(
          "ValidatingAdmissionPolicyBinding",
          names(
              client
                  .admissionRegistration()
                  .v1()
                  .validatingAdmissionPolicyBindings()
                  .withLabel(RELEASE_LABEL, ChartRelease.NAME)
                  .list()
                  .getItems()));
    }
    return objects;
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }

  private Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** The node's InternalIP: where pods reach this JVM. */
  private String nodeAddress() {
    return client.nodes().list().getItems().get(0).getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress)
        .findFirst()
        .orElseThrow();
  }

  private static String editorRole() {
    return """
        # What a team member needs to manage RootKeys in their namespace, and no Secret access.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: rootkey-editor, namespace: payments}
        rules:
          - apiGroups: [rootkey.dev]
            resources: [rootkeys]
            verbs: [get, list, watch, create, update, patch, delete]
          - apiGroups: [rootkey.dev]
            resources: [keyleaks]
            verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: rootkey-editor, namespace: payments}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rootkey-editor}
        subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}
        """
        .formatted(USER);
  }

  private static String viewerBinding() {
    return """
        # Kubernetes' own view role, which the chart's aggregated ClusterRoles extend.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: rootkey-viewer, namespace: payments}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}
        """
        .formatted(VIEWER);
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  private static Map<String, String> component(String component) {
    return Map.of(
        "app.kubernetes.io/name",
        "rootkey-operator",
        "app.kubernetes.io/instance",
        ChartRelease.NAME,
        "app.kubernetes.io/component",
        component);
  }
}
