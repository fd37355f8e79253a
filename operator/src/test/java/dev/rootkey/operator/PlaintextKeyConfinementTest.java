package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Keys issued, lost and re-issued: the plaintext is in the Secret and nowhere else. */
@EnableKubernetesMockClient(crud = true)
class PlaintextKeyConfinementTest {

  KubernetesClient client;
  private Operator operator;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void start() {
    rootLogger().addAppender(logs);
    logs.start();
    operator = TestRootKeys.startOperator(client);
  }

  @AfterEach
  void stop() {
    operator.stop();
    rootLogger().detachAppender(logs);
  }

  @Test
  void issuedKeysAppearInNoLogEventOrStatus() {
    List<String> issued = new ArrayList<>();
    for (String name : List.of("alpha", "beta", "gamma")) {
      client.resource(rootKey(name, "api.*.verify_key")).create();
    }
    for (String name : List.of("alpha", "beta", "gamma")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, name)));
      issued.add(token(secret(client, name), "ROOT_KEY"));
    }
    // Lose a Secret so a replacement key is issued and the lost one revoked.
    String lostKeyId = get(client, "alpha").getStatus().getCurrentKeyId();
    client.secrets().inNamespace(NAMESPACE).withName("alpha").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              RootKey now = get(client, "alpha");
              return isReady(now) && !lostKeyId.equals(now.getStatus().getCurrentKeyId());
            });
    issued.add(token(secret(client, "alpha"), "ROOT_KEY"));
    // Events are written in order after the writes they report: once the last is in, all are.
    TestRootKeys.awaitEventReasons(
        client, "alpha", reasons -> assertThat(reasons).contains("KeyRotated"));

    StringBuilder everywhereButSecrets = new StringBuilder();
    List<ILoggingEvent> logged;
    // The appender adds under its own lock (AppenderBase.doAppend is synchronized).
    synchronized (logs) {
      logged = List.copyOf(logs.list);
    }
    for (ILoggingEvent event : logged) {
      everywhereButSecrets.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        everywhereButSecrets.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    everywhereButSecrets.append(
        Serialization.asJson(client.v1().events().inNamespace(NAMESPACE).list()));
    everywhereButSecrets.append(
        Serialization.asJson(client.resources(RootKey.class).inAnyNamespace().list()));

    assertThat(logged).as("the capture works").isNotEmpty();
    assertThat(everywhereButSecrets.toString()).contains("KeyIssued");
    for (String key : issued) {
      assertThat(everywhereButSecrets.toString()).doesNotContain(key);
      // Nor the random part alone, as a log line might cut the prefix off.
      assertThat(everywhereButSecrets.toString()).doesNotContain(key.substring(3));
      // Nor as the Secret carries it.
      assertThat(everywhereButSecrets.toString())
          .doesNotContain(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
