package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's walk-through, as docs/rotation.md tells it, on the whole sandbox: a replaced key that
 * a workload keeps verifying stays VALID past its grace period; once the workload stops, it retires
 * idleTimeout after its last use, and kubectl shows both.
 */
class GraceFollowsUseIT {

  // The docs use gracePeriod 5s; here 20s, so that the first report of use reaches the operator
  // well within the grace period on a loaded CI machine. idleTimeout and maxGracePeriod as the
  // docs.
  private static final String MANIFEST =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: payments
      ---
      apiVersion: rootkey.dev/v1alpha1
      kind: RootKey
      metadata:
        name: legacy-batch
        namespace: payments
      spec:
        permissions: [api.batch.verify_key]
        rotation:
          gracePeriod: 20s
          maxGracePeriod: 120s
          idleTimeout: 10s
      """;
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final Duration IDLE = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aReplacedKeyInUseOutlivesItsGracePeriodAndRetiresIdleTimeoutAfterItsLastUse()
      throws Exception {
    try (Sandbox sandbox = TestSandboxes.start(TestSandboxes.NO_GITHUB_KEYS, new SecureRandom())) {
      Kubectl kubectl = Kubectl.against(sandbox.server().url(), tmp);
      Path manifest = Files.writeString(tmp.resolve("legacy-batch.yaml"), MANIFEST);
      kubectl.ok("apply", "-f", manifest.toString());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                RootKey rootKey = rootKey(sandbox);
                return rootKey != null
                    && rootKey.getStatus() != null
                    && rootKey.getStatus().getPhase() == Phase.Active;
              });
      String oldKey = keyInSecret(sandbox);
      String oldKeyId = currentKeyId(sandbox).orElseThrow();

      kubectl.ok("annotate", "rk", "legacy-batch", "-n", "payments", "rootkey.dev/rotate=demo-1");
      KeyRecord replaced =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> record(sandbox, oldKeyId),
                  r -> r.getState() == KeyState.Expiring && r.getReplacedAt() != null);
      Instant graceEnds = Instant.parse(replaced.getReplacedAt()).plus(GRACE);

      // The workload keeps verifying the old key, past the end of its grace period.
      List<String> codes = new ArrayList<>();
      Instant[] lastVerified = new Instant[1];
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                codes.add(verify(sandbox, oldKey));
                lastVerified[0] = Instant.now();
                return lastVerified[0].isAfter(graceEnds.plusSeconds(3));
              });
      assertThat(codes).as("the old key while in use").containsOnly("VALID");
      assertThat(kubectl.ok("get", "rk", "legacy-batch", "-n", "payments"))
          .containsPattern("\nlegacy-batch\\s+True\\s+Active\\s+\\S+\\s+InUse\\s+");

      // The workload stops: the key retires idleTimeout after the last use the operator heard of.
      KeyRecord retired =
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> record(sandbox, oldKeyId), r -> r.getState() == KeyState.Expired);
      Instant lastUsed = Instant.parse(retired.getLastUsedAt());
      assertThat(lastUsed).isAfter(graceEnds);
      assertThat(lastUsed).isBetween(lastVerified[0].minusSeconds(3), lastVerified[0]);
      assertThat(Instant.parse(retired.getExpiresAt())).isEqualTo(lastUsed.plus(IDLE));
      assertThat(verify(sandbox, oldKey)).isEqualTo("EXPIRED");
      assertThat(record(sandbox, oldKeyId).getState())
          .as("a use after expiry revives nothing")
          .isEqualTo(KeyState.Expired);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> kubectl.ok("get", "rk", "legacy-batch", "-n", "payments"),
              table -> table.contains("NoPreviousKey"));
      assertThat(kubectl.ok("events", "-n", "payments"))
          .contains("GracePeriodExtended", "KeyExpired", "no longer in use");
    }
  }

  private String verify(Sandbox sandbox, String key) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.webhookUrl() + "/v2/keys.verifyKey"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(java.util.Map.of("key", key))))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode data = JSON.readTree(response.body()).path("data");
    return data.path("code").asText();
  }

  private static RootKey rootKey(Sandbox sandbox) {
    return sandbox
        .server()
        .client()
        .resources(RootKey.class)
        .inNamespace("payments")
        .withName("legacy-batch")
        .get();
  }

  private static Optional<String> currentKeyId(Sandbox sandbox) {
    RootKey rootKey = rootKey(sandbox);
    return Optional.ofNullable(rootKey == null ? null : rootKey.getStatus())
        .map(s -> s.getCurrentKeyId());
  }

  private static KeyRecord record(Sandbox sandbox, String id) {
    return rootKey(sandbox).getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static String keyInSecret(Sandbox sandbox) {
    var secret =
        sandbox.server().client().secrets().inNamespace("payments").withName("legacy-batch").get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }
}
