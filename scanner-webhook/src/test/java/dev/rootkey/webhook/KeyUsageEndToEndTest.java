package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Verifications over real HTTP reach the replica's KeyUsage on the API server: a rotated key still
 * verified shows up with its time, whoami leaves no trace, and a deleted report comes back.
 */
@EnableKubernetesMockClient(crud = true)
class KeyUsageEndToEndTest {

  private static final String NAMESPACE = "payments";

  KubernetesClient client;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    rootLogger().addAppender(logs);
    logs.start();
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() {
    system.close();
    rootLogger().detachAppender(logs);
  }

  @Test
  void theOldKeyOfARotatedRootKeyStillVerifiedIsReportedInTheReplicasKeyUsage() throws Exception {
    String old = issueAndRotate("billing");
    String oldId = record("billing", old).getId();
    assertThat(record("billing", old).getState()).isEqualTo(KeyState.Expiring);
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    assertThat(system.verify(old, List.of()).at("/data/code").asText()).isEqualTo("VALID");

    KeyUsage created =
        await().atMost(Duration.ofSeconds(30)).until(() -> usage("billing"), Objects::nonNull);
    assertThat(created.getSpec().getRootKey()).isEqualTo("billing");
    assertThat(created.getSpec().getRootKeyUid())
        .isEqualTo(rootKey("billing").getMetadata().getUid());
    Instant firstUse = Instant.parse(created.getSpec().getLastUsed().get(oldId));
    assertThat(firstUse).isBetween(before, Instant.now());
    assertThat(created.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getSpec().getRootKeyUid()));

    // A workload that keeps verifying: the same object is patched with the later time.
    KeyUsage patched =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  system.verify(old, List.of());
                  return usage("billing");
                },
                u -> Instant.parse(u.getSpec().getLastUsed().get(oldId)).isAfter(firstUse));
    assertThat(patched.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    // The operator deletes a report it has folded in: the next use creates it again.
    client.resource(patched).delete();
    KeyUsage recreated =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  system.verify(old, List.of());
                  return usage("billing");
                },
                u -> u != null && !u.getMetadata().getUid().equals(created.getMetadata().getUid()));
    assertThat(recreated.getSpec().getLastUsed()).containsKey(oldId);

    // Dashboards see the workload left on the replaced key; the series by code stay as they were.
    assertThat(system.get("/metrics").body())
        .containsPattern("rootkey_verifications_by_key_state_total\\{state=\"Expiring\"} [1-9]")
        .contains("rootkey_verifications_by_key_state_total{state=\"none\"} 0.0")
        .contains("rootkey_verifications_total{code=\"VALID\"}")
        .doesNotContain(old);
    assertNoLogLineContains(old);
  }

  @Test
  void whoamiLeavesNoTraceInTheKeyUsage() throws Exception {
    String old = issueAndRotate("search");
    String current = token(secret("search"));
    String currentId = record("search", current).getId();

    for (int i = 0; i < 3; i++) {
      assertThat(system.postJson(WebhookApp.WHOAMI_PATH, Map.of("key", current)).statusCode())
          .isEqualTo(200);
    }
    // The old key's use is reported in the same write as the current key's would be.
    system.verify(old, List.of());

    KeyUsage usage =
        await().atMost(Duration.ofSeconds(30)).until(() -> usage("search"), Objects::nonNull);
    assertThat(usage.getSpec().getLastUsed())
        .containsOnlyKeys(record("search", old).getId())
        .doesNotContainKey(currentId);
    assertNoLogLineContains(current);
    assertNoLogLineContains(old);
  }

  /**
   * A RootKey issued, then rotated with the default grace period, waiting on its status and Secret
   * without verifying (a verification would count as a use): returns the old, Expiring key.
   */
  private String issueAndRotate(String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    rootKey.setSpec(spec);
    client.resource(rootKey).create();
    String first = awaitActiveInSecret(name, null);
    client
        .resources(RootKey.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            r -> {
              r.getMetadata().setAnnotations(Map.of("rootkey.dev/rotate", "1"));
              return r;
            });
    awaitActiveInSecret(name, first);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> record(name, first).getState() == KeyState.Expiring);
    return first;
  }

  private String awaitActiveInSecret(String name, String previous) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              RootKey rootKey = rootKey(name);
              Secret secret = secret(name);
              if (rootKey == null || rootKey.getStatus() == null || secret == null) {
                return null;
              }
              String token = token(secret);
              boolean active =
                  rootKey.getStatus().getKeys().stream()
                      .anyMatch(
                          k ->
                              k.getState() == KeyState.Active
                                  && k.getHash().equals(KeyHash.sha256Hex(token)));
              boolean indexed =
                  system.postJson(WebhookApp.WHOAMI_PATH, Map.of("key", token)).statusCode() == 200;
              return active && indexed && !token.equals(previous) ? token : null;
            },
            Objects::nonNull);
  }

  private KeyUsage usage(String rootKey) {
    return client.resources(KeyUsage.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(u -> rootKey.equals(u.getSpec().getRootKey()))
        .findFirst()
        .orElse(null);
  }

  private RootKey rootKey(String name) {
    return client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private KeyRecord record(String name, String token) {
    return rootKey(name).getStatus().getKeys().stream()
        .filter(k -> k.getHash().equals(KeyHash.sha256Hex(token)))
        .findFirst()
        .orElseThrow();
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }

  private static String token(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }

  private void assertNoLogLineContains(String token) {
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      assertThat(event.getFormattedMessage()).doesNotContain(token);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(token);
      }
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
