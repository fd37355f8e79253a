package dev.rootkey.webhook;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.operator.ChildProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unkey's own TypeScript SDK ({@code @unkey/api}, pinned in src/test/node/unkey-sdk) calling the
 * real webhook over real HTTP, configured as for Unkey with only its server URL changed: what it
 * returns for each verdict, a permission query, a malformed query and whoami. Needs Node and npm;
 * {@code npm ci} installs the SDK under target/ from the committed lock file.
 */
@EnableKubernetesMockClient(crud = true)
class UnkeySdkIT {

  private static final Path SOURCE = Path.of("src/test/node/unkey-sdk");
  private static final Path INSTALLED = Path.of("target/unkey-sdk");
  private static final String NAMESPACE = "payments";

  KubernetesClient client;
  private final ObjectMapper json = new ObjectMapper();
  private RunningSystem system;
  private String serverUrl;

  @BeforeAll
  static void installSdk() throws Exception {
    Files.createDirectories(INSTALLED);
    for (String file : List.of("package.json", "package-lock.json", "call.mjs")) {
      Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), REPLACE_EXISTING);
    }
    String output = run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
    assertThat(INSTALLED.resolve("node_modules/@unkey/api/package.json"))
        .as("npm ci installed the SDK: %s", output)
        .exists();
  }

  /** The operator and the webhook on the mock API server; the SDK calls the webhook's URL. */
  @BeforeEach
  void startTheWebhookTheSdkCalls() throws Exception {
    system = RunningSystem.start(client);
    serverUrl = system.url("").toString();
  }

  @AfterEach
  void stopIt() {
    system.close();
  }

  @Test
  void theSdkVerifiesAKeyAndReadsUnkeysFields() throws Exception {
    String key = issue("billing", spec("Billing production", "api.*.verify_key"));

    JsonNode data = sdk("verifyKey", Map.of("key", key)).at("/result/data");

    assertThat(data.path("valid").booleanValue()).isTrue();
    assertThat(data.path("code").asText()).isEqualTo("VALID");
    assertThat(data.path("keyId").asText()).isEqualTo(keyId("billing"));
    assertThat(data.path("name").asText()).isEqualTo("Billing production");
    assertThat(data.path("enabled").booleanValue()).isTrue();
    assertThat(json.convertValue(data.get("permissions"), List.class))
        .containsExactly("api.*.verify_key");
  }

  @Test
  void theSdkAsksWithAPermissionQueryGrantedByAWildcard() throws Exception {
    String key = issue("billing", spec(null, "api.*.verify_key", "ratelimit.read"));

    assertThat(verifyCode(key, "api.payments.verify_key AND ratelimit.read")).isEqualTo("VALID");
    assertThat(verifyCode(key, "admin.all or (ratelimit.read AND api.x.verify_key)"))
        .isEqualTo("VALID");
    assertThat(verifyCode(key, "api.payments.create_key OR ratelimit.write"))
        .isEqualTo("INSUFFICIENT_PERMISSIONS");
  }

  @Test
  void aMalformedQueryIsTheSdksTypedBadRequestError() throws Exception {
    String key = issue("billing", spec(null, "api.*.verify_key"));

    JsonNode error =
        sdk("verifyKey", Map.of("key", key, "permissions", "api.a.verify_key AND")).get("error");

    assertThat(error.path("name").asText()).isEqualTo("BadRequestErrorResponse");
    assertThat(error.path("statusCode").intValue()).isEqualTo(400);
    assertThat(error.path("detail").asText())
        .isEqualTo(
            "Unexpected end of query. Expected a permission identifier or opening parenthesis.");
    assertThat(error.at("/errors/0/location").asText()).isEqualTo("body.permissions");
    assertThat(error.at("/errors/0/message").asText())
        .isEqualTo("unexpected end of query at position 20");
    assertThat(error.at("/errors/0/fix").asText()).contains("AND and OR go between");
  }

  @Test
  void theSdkReadsEveryCodeWeAnswer() throws Exception {
    RootKeySpec office = spec(null, "a");
    office.setAllowedCidrs(List.of("192.0.2.0/24"));
    String forbidden = issue("office", office);
    String leaked = issue("leaked", spec(null, "a"));
    String rotated = issue("rotated", spec(null, "a"));

    system.alert(List.of(RunningSystem.match(leaked)));
    rotate("rotated", "1s");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> code(leaked).equals("REVOKED") && code(rotated).equals("EXPIRED"));

    assertThat(verifyCode(forbidden, null)).isEqualTo("FORBIDDEN");
    assertThat(verifyCode(leaked, null)).isEqualTo("REVOKED");
    assertThat(verifyCode(rotated, null)).isEqualTo("EXPIRED");
    assertThat(verifyCode("rk_not_one_of_ours", null)).isEqualTo("NOT_FOUND");
    assertThat(sdk("verifyKey", Map.of("key", leaked)).at("/result/data/valid").booleanValue())
        .isFalse();
  }

  @Test
  void whoamiThroughTheSdkTellsTheHolderAboutItsKey() throws Exception {
    String key = issue("billing", spec("Billing production", "api.*.verify_key"));

    JsonNode data = sdk("whoami", Map.of("key", key)).at("/result/data");

    assertThat(data.path("keyId").asText()).isEqualTo(keyId("billing"));
    assertThat(key).startsWith(data.path("start").asText());
    assertThat(data.path("enabled").booleanValue()).isTrue();
    assertThat(data.path("name").asText()).isEqualTo("Billing production");
    assertThat(data.path("createdAt").longValue()).isPositive();
    assertThat(json.convertValue(data.get("permissions"), List.class))
        .containsExactly("api.*.verify_key");
    JsonNode missing = sdk("whoami", Map.of("key", "rk_not_one_of_ours")).get("error");
    assertThat(missing.path("name").asText()).isEqualTo("NotFoundErrorResponse");
    assertThat(missing.path("statusCode").intValue()).isEqualTo(404);
  }

  private String verifyCode(String key, String permissions) throws Exception {
    Map<String, String> request = new HashMap<>(Map.of("key", key));
    if (permissions != null) {
      request.put("permissions", permissions);
    }
    JsonNode answer = sdk("verifyKey", request);
    assertThat(answer.get("ok").booleanValue()).as(answer.toString()).isTrue();
    return answer.at("/result/data/code").asText();
  }

  /** One SDK call as the SDK's caller sees it: its result or its typed error. */
  private JsonNode sdk(String operation, Map<String, String> request) throws Exception {
    String output =
        run(
            Duration.ofMinutes(1),
            "node",
            "call.mjs",
            serverUrl,
            operation,
            json.writeValueAsString(request));
    String[] lines = output.strip().split("\n");
    return json.readTree(lines[lines.length - 1]);
  }

  // Output goes to a file, not a pipe, so that a silent hang ends at the timeout, and ChildProcess
  // ends the process (npm's children too) however the call ends.
  private static String run(Duration timeout, String... command) throws Exception {
    Path output = Files.createTempFile(INSTALLED, "call-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(INSTALLED.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    try (ChildProcess child = ChildProcess.start(builder)) {
      boolean ended = child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String text = Files.readString(output, StandardCharsets.UTF_8);
      String call = String.join(" ", command);
      assertThat(ended).as("%s ended within %s: %s", call, timeout, text).isTrue();
      assertThat(child.process().exitValue()).as("%s: %s", call, text).isZero();
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static RootKeySpec spec(String displayName, String... permissions) {
    RootKeySpec spec = new RootKeySpec();
    spec.setDisplayName(displayName);
    spec.setPermissions(List.of(permissions));
    return spec;
  }

  /** Creates the RootKey and waits until its key is in the Secret and known to the webhook. */
  private String issue(String name, RootKeySpec spec) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    rootKey.setSpec(spec);
    client.resource(rootKey).create();
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
              if (secret == null) {
                return null;
              }
              String key =
                  new String(
                      Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")),
                      StandardCharsets.UTF_8);
              return code(key).equals("NOT_FOUND") ? null : key;
            },
            key -> key != null);
  }

  /** Rotates with a grace period for this rotation only, as a person does with kubectl. */
  private void rotate(String name, String grace) {
    client
        .resources(RootKey.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            rootKey -> {
              Map<String, String> annotations = new HashMap<>();
              if (rootKey.getMetadata().getAnnotations() != null) {
                annotations.putAll(rootKey.getMetadata().getAnnotations());
              }
              annotations.put("rootkey.dev/rotate", "1");
              annotations.put("rootkey.dev/rotate-grace", grace);
              rootKey.getMetadata().setAnnotations(annotations);
              return rootKey;
            });
  }

  /** The code our own HTTP client reads: what the test waits on before asking the SDK. */
  private String code(String key) throws Exception {
    return system.verify(key, List.of()).at("/data/code").asText();
  }

  /** The current key's id, as the RootKey's status names it. */
  private String keyId(String name) {
    RootKey rootKey = client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
    return rootKey.getStatus().getCurrentKeyId();
  }
}
