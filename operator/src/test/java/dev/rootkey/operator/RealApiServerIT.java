package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyHash;
import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kube-apiserver (schema validation, status subresource, RBAC) with the CRDs applied by
 * kubectl and the packaged operator jar running with its production settings, leader election
 * included: issuance, rotation and a leak, as on a cluster.
 */
class RealApiServerIT {

  private static final Path KUBECONFIG = Path.of(System.getenv("ROOTKEY_IT_KUBECONFIG"));
  private static final String NAMESPACE = "rootkey-it-" + System.currentTimeMillis() % 100000;

  @TempDir static Path work;
  private static KubernetesClient client;
  private static ChildProcess operator;
  private static Path operatorLog;
  private static int operatorPort;

  @BeforeAll
  static void applyCrdsAndStartTheOperatorJar() throws Exception {
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(KUBECONFIG)))
            .build();
    // This server is 1.20: it predates the CRDs' CEL rules (x-kubernetes-validations, 1.25+), which
    // kubectl's client-side check would refuse; the server drops them, and the operator validates.
    kubectl("apply", "--validate=false", "-f", "../crds/");
    await().atMost(Duration.ofSeconds(30)).until(() -> kubectlStatus("get", "rootkeys", "-A") == 0);
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    try (ServerSocket probe = new ServerSocket(0)) {
      operatorPort = probe.getLocalPort();
    }
    operatorLog = work.resolve("operator.log");
    byte[] sealKey = new byte[RecordSeal.MIN_KEY_BYTES];
    new SecureRandom().nextBytes(sealKey);
    operator =
        PackagedJar.start(
            Path.of("target/rootkey-operator.jar"),
            operatorLog,
            Map.of(
                "KUBECONFIG",
                KUBECONFIG.toString(),
                "HTTP_PORT",
                String.valueOf(operatorPort),
                "LEADER_ELECTION_NAMESPACE",
                NAMESPACE,
                // Not the defaults: the Lease must show the timings the chart passed.
                "LEASE_DURATION",
                "12s",
                "LEASE_RENEW_DEADLINE",
                "8s",
                RecordSeal.VARIABLE,
                Base64.getEncoder().encodeToString(sealKey)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> PackagedJar.status(operatorPort, "/healthz") == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      // SIGTERM, then SIGKILL if it has not ended: a failed run leaves no operator behind.
      operator.close();
    }
    if (client != null) {
      client.namespaces().withName(NAMESPACE).delete();
      client.close();
    }
  }

  @Test
  void theSchemaRefusesAnInvalidRootKeyWith422() throws Exception {
    Path invalid = work.resolve("invalid.yaml");
    Files.writeString(
        invalid,
        "apiVersion: rootkey.dev/v1alpha1\n"
            + "kind: RootKey\n"
            + "metadata: {name: invalid, namespace: "
            + NAMESPACE
            + "}\n"
            + "spec: {permissions: [], prefix: RK}\n");
    Result result = run("apply", "-f", invalid.toString());
    assertThat(result.code()).isNotZero();
    assertThat(result.output())
        .contains("spec.permissions")
        .contains("spec.prefix")
        .contains("Invalid value");
    assertThat(client.resources(RootKey.class).inNamespace(NAMESPACE).withName("invalid").get())
        .isNull();
  }

  @Test
  void theOperatorJarIssuesRotatesAndRevokesALeakedKey() throws Exception {
    Path manifest = work.resolve("billing.yaml");
    Files.writeString(
        manifest,
        "apiVersion: rootkey.dev/v1alpha1\n"
            + "kind: RootKey\n"
            + "metadata: {name: billing, namespace: "
            + NAMESPACE
            + "}\n"
            + "spec:\n"
            + "  permissions: [api.*.verify_key]\n"
            + "  rotation: {gracePeriod: 1h}\n");
    kubectl("apply", "-f", manifest.toString());

    KeyRecord first = awaitDeliveredKey("billing", Set.of());

    kubectl("annotate", "rk", "billing", "-n", NAMESPACE, "rootkey.dev/rotate=1", "--overwrite");
    KeyRecord second = awaitDeliveredKey("billing", Set.of(first.getId()));
    assertThat(record("billing", first.getId()).getState()).isEqualTo(KeyState.Expiring);

    KeyLeak leak = new KeyLeak();
    leak.setMetadata(
        new ObjectMetaBuilder().withName(second.getId()).withNamespace(NAMESPACE).build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey("billing");
    spec.setKeyId(second.getId());
    spec.setTokenHash(second.getHash());
    spec.setUrl("https://github.com/octo/repo/blob/main/.env");
    spec.setSource("commit");
    leak.setSpec(spec);
    client.resource(leak).create();

    // What the user waits for: a new key in the Secret, Active and current, the leaked one gone.
    KeyRecord third = awaitDeliveredKey("billing", Set.of(first.getId(), second.getId()));
    assertThat(record("billing", second.getId()).getState()).isEqualTo(KeyState.Revoked);
    assertThat(record("billing", second.getId()).getReason()).isEqualTo(KeyReason.Leaked);
    assertThat(KeyHash.sha256Hex(deliveredKey("billing"))).isEqualTo(third.getHash());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(KeyLeak.class)
                        .inNamespace(NAMESPACE)
                        .withName(second.getId())
                        .get()
                        .getStatus()
                    != null);

    Lease lease = client.leases().inNamespace(NAMESPACE).withName(OperatorOptions.LEASE_NAME).get();
    assertThat(lease).as("the operator held the Lease").isNotNull();
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(12);
    assertThat(Files.readString(operatorLog)).doesNotContain(deliveredKey("billing"));
  }

  /**
   * Waits until the RootKey is Ready with a current key not in {@code previous}, Active, and in the
   * Secret: what a user of the key waits for.
   */
  private static KeyRecord awaitDeliveredKey(String name, Set<String> previous) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> currentKeyIfDelivered(name, previous), Objects::nonNull);
  }

  /** The current key if the RootKey is Ready with it Active and in the Secret; else null. */
  private static KeyRecord currentKeyIfDelivered(String name, Set<String> previous) {
    RootKey rootKey = client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
    if (rootKey == null
        || rootKey.getStatus() == null
        || rootKey.getStatus().getConditions().stream()
            .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return null;
    }
    String currentId = rootKey.getStatus().getCurrentKeyId();
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
    if (currentId == null || previous.contains(currentId) || secret == null) {
      return null;
    }
    KeyRecord current =
        rootKey.getStatus().getKeys().stream()
            .filter(k -> k.getId().equals(currentId) && k.getState() == KeyState.Active)
            .findFirst()
            .orElse(null);
    boolean inTheSecret =
        current != null
            && currentId.equals(secret.getMetadata().getAnnotations().get("rootkey.dev/key-id"))
            && current
                .getHash()
                .equals(
                    KeyHash.sha256Hex(
                        new String(
                            Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")),
                            StandardCharsets.UTF_8)));
    return inTheSecret ? current : null;
  }

  private static KeyRecord record(String name, String id) {
    return client
        .resources(RootKey.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get()
        .getStatus()
        .getKeys()
        .stream()
        .filter(k -> k.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static String deliveredKey(String secretName) {
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName(secretName).get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }

  record Result(int code, String output) {}

  private static void kubectl(String... args) throws Exception {
    Result result = run(args);
    assertThat(result.code())
        .as("kubectl %s: %s", String.join(" ", args), result.output())
        .isZero();
  }

  private static int kubectlStatus(String... args) throws Exception {
    return run(args).code();
  }

  private static Result run(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", KUBECONFIG.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(Map.of("KUBECACHEDIR", work.resolve("kube-cache").toString()));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }
}
