package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyHash;
import dev.rootkey.operator.ChildProcess;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sandbox jar, driven as a user would: over REST with curl's requests, and kubectl.
 */
class SandboxJarIT {

  private static final Path JAR = Path.of("target/rootkey-sandbox.jar").toAbsolutePath();
  private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

  @TempDir static Path work;
  private static ChildProcess sandbox;
  private static Path output;
  private static Path home;
  private static Path kubeconfig;
  private static String api;
  private static String webhook;
  private static Path githubKey;
  private static final HttpClient http = HttpClient.newHttpClient();

  /**
   * Started as a user would, with no flag for its files: they go to the state folder in the home
   * folder (the test's own: -Duser.home), whatever the working folder.
   */
  @BeforeAll
  static void startSandbox() throws IOException {
    int port = freePort();
    api = "http://127.0.0.1:" + port;
    int webhookPort = freePort();
    webhook = "http://127.0.0.1:" + webhookPort;
    home = work.resolve("home");
    Path state = home.resolve(".rootkey-sandbox");
    githubKey = state.resolve("github-key.pem");
    kubeconfig = state.resolve("kubeconfig");
    output = work.resolve("sandbox.out");
    sandbox =
        ChildProcess.start(
            inAnotherFolder(
                    "started-here",
                    "--api-port",
                    String.valueOf(port),
                    "--webhook-port",
                    String.valueOf(webhookPort),
                    "--apply",
                    EXAMPLES.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(output).contains("rootkey sandbox is running"));
  }

  /** The jar run from a folder of its own under {@code work}, with the test's home folder. */
  private static ProcessBuilder inAnotherFolder(String folder, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-Duser.home=" + home, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(Files.createDirectories(work.resolve(folder)).toFile());
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      // SIGTERM, then SIGKILL if it has not ended: a failed run leaves no sandbox behind.
      sandbox.close();
    }
  }

  @Test
  void aRootKeyCreatedOverRestGetsAKeyWhoseHashIsInItsStatus() throws Exception {
    String manifest =
        """
        {"apiVersion":"rootkey.dev/v1alpha1","kind":"RootKey",
         "metadata":{"name":"reports","namespace":"payments"},
         "spec":{"permissions":["api.reports.verify_key"]}}
        """;
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(api + "/apis/rootkey.dev/v1alpha1/namespaces/payments/rootkeys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);

    RootKey ready = awaitReadyOverRest("reports");
    Secret secret =
        Serialization.unmarshal(
            get("/api/v1/namespaces/payments/secrets/reports").body(), Secret.class);
    String key = decode(secret.getData().get("ROOT_KEY"));
    assertThat(KeyFormat.isWellFormed(key)).isTrue();
    assertThat(KeyHash.sha256Hex(key)).isEqualTo(activeKey(ready).getHash());
  }

  @Test
  void kubectlSeesTheAppliedExamplesAndTheirSecrets() throws Exception {
    // Each of them Ready, not just one row saying Active: the other may still be issuing.
    awaitReadyOverRest("billing-service");
    awaitReadyOverRest("search-indexer");
    assertThat(kubectl("get", "rk", "-n", "payments"))
        .contains("billing-service", "search-indexer")
        .contains("Active");
    RootKey ready = awaitReadyOverRest("billing-service");
    assertThat(kubectl("get", "rk", "billing-service", "-n", "payments"))
        .containsPattern("^NAME\\s+READY\\s+PHASE\\s+KEY\\s+PREVIOUS KEY\\s+AGE\n")
        .containsPattern(
            "\nbilling-service\\s+True\\s+Active\\s+"
                + ready.getStatus().getCurrentKeyStart()
                + "\\s+NoPreviousKey\\s+\\d+[smh]\\S*\n");
    // -o wide: when the key rotates next, and when the RootKey expires for good.
    RootKey partner = awaitReadyOverRest("partner-sync");
    String wide = kubectl("get", "rk", "partner-sync", "-n", "payments", "-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow())
        .matches(
            "NAME\\s+READY\\s+PHASE\\s+KEY\\s+PREVIOUS KEY\\s+AGE\\s+KEY AGE\\s+NEXT ROTATION\\s+GRACE ENDS"
                + "\\s+EXPIRES");
    assertThat(wide)
        .containsPattern(
            "\\s"
                + partner.getStatus().getNextRotationAt()
                + "\\s+"
                + partner.getSpec().getExpiresAt()
                + "\n"); // no replaced key: GRACE ENDS is blank

    RootKey billing =
        Serialization.unmarshal(
            kubectl("get", "rk", "billing-service", "-n", "payments", "-o", "json"), RootKey.class);
    String key = deliveredKey("billing-root-key");
    assertThat(KeyHash.sha256Hex(key)).isEqualTo(activeKey(billing).getHash());
    assertThat(kubectl("get", "rk", "billing-service", "-n", "payments", "-o", "yaml"))
        .contains("currentKeyId: " + billing.getStatus().getCurrentKeyId())
        .doesNotContain(key);
    assertThat(kubectl("get", "rootkeys", "-A")).contains("billing-service");
    assertThat(kubectl("get", "secrets", "-n", "payments")).contains("billing-root-key");
  }

  @Test
  void kubectlAppliesAnnotatesAndDeletesRootKeys() throws Exception {
    Path manifest = work.resolve("audit.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata:
          name: audit
          namespace: payments
        spec:
          permissions: [api.audit.read]
        """);
    assertThat(kubectl("apply", "-f", manifest.toString())).contains("rootkey.rootkey.dev/audit");
    awaitReadyOverRest("audit");

    // Applying again with a change updates the object in place.
    Files.writeString(
        manifest, Files.readString(manifest).replace("[api.audit.read]", "[api.audit.*]"));
    kubectl("apply", "-f", manifest.toString());
    assertThat(
            kubectl("get", "rk", "audit", "-n", "payments", "-o", "jsonpath={.spec.permissions}"))
        .contains("api.audit.*");

    String before = awaitReadyOverRest("audit").getStatus().getCurrentKeyId();
    kubectl("annotate", "rk", "audit", "-n", "payments", "rootkey.dev/rotate=1", "--overwrite");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !before.equals(awaitReadyOverRest("audit").getStatus().getCurrentKeyId()));
    RootKey rotated = awaitReadyOverRest("audit");
    assertThat(rotated.getStatus().getKeys())
        .anySatisfy(
            k -> {
              assertThat(k.getId()).isEqualTo(before);
              assertThat(k.getState()).isEqualTo(KeyState.Expiring);
            });
    String key = deliveredKey("audit");
    assertThat(KeyHash.sha256Hex(key)).isEqualTo(activeKey(rotated).getHash());
    // -o wide says until when the replaced key still verifies.
    String graceEnd =
        rotated.getStatus().getKeys().stream()
            .filter(k -> k.getId().equals(before))
            .findFirst()
            .orElseThrow()
            .getExpiresAt();
    assertThat(kubectl("get", "rk", "audit", "-n", "payments", "-o", "wide"))
        // KEY, PREVIOUS KEY (InUse or Idle, as the webhook saw the old key), AGE, KEY AGE, then
        // GRACE ENDS (NEXT ROTATION is blank).
        .containsPattern(
            "audit\\s+True\\s+Active\\s+\\S+\\s+(InUse|Idle)\\s+\\S+\\s+\\S+\\s+" + graceEnd);

    kubectl("delete", "rk", "audit", "-n", "payments");
    assertThat(get("/apis/rootkey.dev/v1alpha1/namespaces/payments/rootkeys/audit").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aKeyReportedByTheAlertCommandIsRevokedAndReplaced() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kubectl("get", "rk", "-n", "payments").contains("search-indexer"));
    awaitReadyOverRest("search-indexer");
    String leaked = deliveredKey("search-indexer");
    // GitHub can only report a key the webhook knows: its index follows the API server.
    await().atMost(Duration.ofSeconds(60)).until(() -> verifyCode(leaked).equals("VALID"));

    // From another folder, with no flag but the token: the sandbox's state folder says the rest.
    String answer = alert("alert-from-here", "--token", leaked);
    assertThat(answer)
        .startsWith("200 ")
        .contains(KeyFormat.visibleStart(leaked) + "...  rootkey_root_key  true_positive")
        .doesNotContain(leaked);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !leaked.equals(deliveredKey("search-indexer")));
    // NAME is the leaked key's id; AGE comes last.
    String leaks =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> kubectl("get", "keyleaks", "-n", "payments"), t -> t.contains("Revoked"));
    assertThat(leaks)
        .containsPattern("^NAME\\s+ROOTKEY\\s+ACTION\\s+FOUND\\s+AGE\n")
        .containsPattern(
            "\\s+search-indexer\\s+Revoked\\s+https://github.com/octocat/Hello-World/blob/main/.env"
                + "\\s+\\d+[smh]\\S*\n");
    RootKey after = awaitReadyOverRest("search-indexer");
    assertThat(after.getStatus().getKeys())
        .anySatisfy(
            k -> {
              assertThat(k.getHash()).isEqualTo(KeyHash.sha256Hex(leaked));
              assertThat(k.getState()).isEqualTo(KeyState.Revoked);
            });
    assertThat(Files.readString(output)).doesNotContain(leaked);
  }

  @Test
  void keysReportedByTheAlertCommandFromGitLabAndFromASelfManagedGitLabAreRevokedAsTheirs()
      throws Exception {
    for (String from : List.of("gitlab", "gitlab-self-managed")) {
      String name = "leaked-on-" + from;
      Path manifest = work.resolve(name + ".yaml");
      Files.writeString(
          manifest,
          """
          apiVersion: rootkey.dev/v1alpha1
          kind: RootKey
          metadata:
            name: %s
            namespace: payments
          spec:
            permissions: [api.search.read]
          """
              .formatted(name));
      kubectl("apply", "-f", manifest.toString());
      awaitReadyOverRest(name);
      String leaked = deliveredKey(name);
      await().atMost(Duration.ofSeconds(60)).until(() -> verifyCode(leaked).equals("VALID"));

      // With no flag but the token and the host: sandbox.env has the stand-in's key or token.
      String answer = alert("alert-from-" + from, "--token", leaked, "--from", from);
      assertThat(answer).startsWith(from.equals("gitlab") ? "200 " : "204 ").doesNotContain(leaked);

      await().atMost(Duration.ofSeconds(20)).until(() -> !leaked.equals(deliveredKey(name)));
      assertThat(
              kubectl(
                  "get",
                  "keyleaks",
                  "-n",
                  "payments",
                  "-l",
                  "rootkey.dev/rootkey=" + name,
                  "-o",
                  "jsonpath={.items[*].spec.reporter}"))
          .isEqualTo(from);
      assertThat(Files.readString(output)).doesNotContain(leaked);
    }
  }

  @Test
  void kubectlWarnsOfAnUnknownFieldAndTheSandboxKeepsReconcilingPastARootKeyItCannotRead()
      throws Exception {
    // Its API server stores what it is given (no schema): a typo reaches the operator.
    Path typo = work.resolve("typo.yaml");
    Files.writeString(
        typo,
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata:
          name: typo
          namespace: payments
        spec:
          permissions: [api.typo.read]
          rotaton: {interval: 1h}
        """);
    assertThat(kubectl("apply", "-f", typo.toString()))
        .contains("Warning: unknown field \"spec.rotaton\" (rootkey-operator ignores it)")
        .contains("rootkey.rootkey.dev/typo created");
    awaitReadyOverRest("typo");

    Path mistyped = work.resolve("mistyped.yaml");
    Files.writeString(
        mistyped,
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata:
          name: mistyped
          namespace: payments
        spec:
          permissions: api.mistyped.read
        """);
    assertThat(kubectl("apply", "-f", mistyped.toString()))
        .contains("Warning: spec.permissions: expected a list, found a string");
    awaitReadyConditionOverRest(
        "mistyped",
        c ->
            "False".equals(c.getStatus())
                && "Unreadable".equals(c.getReason())
                && c.getMessage().contains("spec.permissions"));

    // Still running, and still reconciling: a RootKey applied now gets its key.
    assertThat(sandbox.process().isAlive()).isTrue();
    Files.writeString(
        mistyped, Files.readString(mistyped).replace("api.mistyped.read", "[api.mistyped.read]"));
    kubectl("apply", "-f", mistyped.toString());
    awaitReadyOverRest("mistyped");
    assertThat(Files.readString(output)).doesNotContain("Stopping the operator");
  }

  @Test
  void theBannerSaysHowToAlertWithNoFlagAndSandboxEnvSetsWhatAShellNeeds() throws Exception {
    Path state = home.resolve(".rootkey-sandbox");
    assertThat(Files.readString(output))
        .contains("  state folder:    " + state + "  (source " + state.resolve("sandbox.env"))
        .contains("  export KUBECONFIG=" + kubeconfig + "\n")
        .contains("  java -jar " + JAR + " alert --token \"$KEY\"\n");
    Process shell =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$1\" && echo \"$KUBECONFIG $ROOTKEY_SANDBOX_API $ROOTKEY_SANDBOX_WEBHOOK\"",
                "bash",
                state.resolve("sandbox.env").toString())
            .redirectErrorStream(true)
            .start();
    String exported = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(exported.strip()).isEqualTo(kubeconfig + " " + api + " " + webhook);
  }

  @Test
  void theJarSaysItsVersion() throws Exception {
    Path log = work.resolve("version.out");
    try (ChildProcess version =
        ChildProcess.start(
            inAnotherFolder("version", "--version")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()))) {
      assertThat(version.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(version.process().exitValue()).isZero();
    }
    assertThat(Files.readString(log)).matches("rootkey-sandbox \\d+\\.\\d+\\.\\d+\\S*\n");
  }

  @Test
  void aSecondSandboxOnTheSameStateFolderStopsAtOnceWithOneLineAndLeavesTheFirstOnesKey()
      throws Exception {
    String key = Files.readString(githubKey);
    Path log = work.resolve("same-state.out");
    int exit;
    try (ChildProcess second =
        ChildProcess.start(
            inAnotherFolder("same-state", "--api-port", "0", "--webhook-port", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()))) {
      assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      exit = second.process().exitValue();
    }
    assertThat(exit).isEqualTo(1);
    assertThat(Files.readString(log))
        .isEqualTo(
            "rootkey-sandbox: another rootkey sandbox is running with state folder "
                + home.resolve(".rootkey-sandbox")
                + ": stop it (Ctrl-C), or pass --state-dir another folder to run a second one\n");
    assertThat(Files.readString(githubKey)).isEqualTo(key);
  }

  @Test
  void sigtermStopsTheSandboxCleanlyAndAlertThenSaysNoSandboxIsRunning() throws Exception {
    // Runs last in its own sandbox so the shared one stays up for the other tests.
    int port = freePort();
    Path state = work.resolve("second-state");
    Path log = work.resolve("second.out");
    try (ChildProcess second =
        ChildProcess.start(
            inAnotherFolder(
                    "second-here",
                    "--state-dir",
                    state.toString(),
                    "--api-port",
                    String.valueOf(port),
                    "--kubeconfig",
                    work.resolve("second.kubeconfig").toString(),
                    "--webhook-port",
                    "0",
                    "--github-key",
                    work.resolve("second-github-key.pem").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains("rootkey sandbox is running"));
      assertThat(state.resolve("sandbox.env")).exists();

      second.terminate(); // SIGTERM
      assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log)).doesNotContain("Exception");
    try (ServerSocket reuse = new ServerSocket(port)) {
      assertThat(reuse.getLocalPort()).as("the port was released").isEqualTo(port);
    }

    assertThat(state.resolve("sandbox.env")).doesNotExist();
    Path answer = work.resolve("alert-after-stop.out");
    int exit;
    try (ChildProcess alert =
        ChildProcess.start(
            inAnotherFolder(
                    "alert-after-stop", "alert", "--token", "rk_x", "--state-dir", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(answer.toFile()))) {
      assertThat(alert.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      exit = alert.process().exitValue();
    }
    assertThat(exit).isEqualTo(1);
    assertThat(Files.readString(answer))
        .startsWith("rootkey-sandbox alert: no sandbox is running with state folder " + state)
        .doesNotContain("\tat ");
  }

  private static RootKey awaitReadyOverRest(String name) {
    return awaitReadyConditionOverRest(name, c -> "True".equals(c.getStatus()));
  }

  /** Waits until the RootKey's Ready condition passes {@code check}. */
  private static RootKey awaitReadyConditionOverRest(String name, Predicate<Condition> check) {
    String path = "/apis/rootkey.dev/v1alpha1/namespaces/payments/rootkeys/" + name;
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> Serialization.unmarshal(get(path).body(), RootKey.class),
            rootKey ->
                rootKey.getStatus() != null
                    && rootKey.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && check.test(c)));
  }

  /** What the webhook answers a verification of this key with, e.g. VALID. */
  private static String verifyCode(String key) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(webhook + "/v2/keys.verifyKey"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Serialization.unmarshal(answer.body(), JsonNode.class).at("/data/code").asText();
  }

  private static KeyRecord activeKey(RootKey rootKey) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getState() == KeyState.Active)
        .findFirst()
        .orElseThrow();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What {@code rootkey-sandbox alert args} printed, run from its own folder; it must exit 0. */
  private static String alert(String folder, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("alert"));
    command.addAll(List.of(args));
    Path answerFile = work.resolve(folder + ".out");
    int exit;
    try (ChildProcess alert =
        ChildProcess.start(
            inAnotherFolder(folder, command.toArray(String[]::new))
                .redirectErrorStream(true)
                .redirectOutput(answerFile.toFile()))) {
      assertThat(alert.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      exit = alert.process().exitValue();
    }
    String answer = Files.readString(answerFile);
    assertThat(exit).as(answer).isZero();
    return answer;
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // A fresh discovery cache: kubectl caches discovery per host:port for hours.
    builder.environment().put("KUBECACHEDIR", work.resolve("kube-cache").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  /** The key in a Secret of namespace payments, read with kubectl as a user would. */
  private static String deliveredKey(String secret) throws Exception {
    return decode(
        kubectl("get", "secret", secret, "-n", "payments", "-o", "jsonpath={.data.ROOT_KEY}"));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
