package dev.rootkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.KeyHash;
import dev.rootkey.webhook.WebhookApp;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What users do while the operator is being killed: a driver rotating random RootKeys by a new
 * rotate annotation value, a reporter leaking random current keys through the webhook's signed
 * GitHub endpoint, and a prober reading random Secrets and verifying their keys (and again keys
 * that verified before, and leaked ones) over real HTTP, all recorded.
 */
final class ChaosWorkload implements AutoCloseable {

  private record Known(String token, String rootKey, Instant firstAt) {}

  private static final Duration RECENT = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final String namespace;
  private final List<String> names;
  private final URI webhook;
  private final AlertSigner signer;
  private final String keyId;
  private final ChaosRecorder recorder;
  private final Clock clock;
  private final Random random;
  private final Duration settle;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Known> pending = new ConcurrentHashMap<>();
  private final Map<String, Known> recentValid = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastValid = new ConcurrentHashMap<>();
  private final Map<String, Known> leaked = new ConcurrentHashMap<>();
  private final AtomicInteger leaks = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean rotating = true;
  private volatile boolean probing = true;

  ChaosWorkload(
      KubernetesClient client,
      String namespace,
      List<String> names,
      URI webhook,
      AlertSigner signer,
      String keyId,
      ChaosRecorder recorder,
      Clock clock,
      Random random,
      Duration settle) {
    this.client = client;
    this.namespace = namespace;
    this.names = names;
    this.webhook = webhook;
    this.signer = signer;
    this.keyId = keyId;
    this.recorder = recorder;
    this.clock = clock;
    this.random = random;
    this.settle = settle;
  }

  /** Starts the driver, the leak reporter and the prober. */
  void start(Duration rotateEvery, Duration leakEvery) {
    threads.add(every("chaos-rotate", rotateEvery, () -> rotating, this::rotateOne));
    threads.add(every("chaos-leak", leakEvery, () -> rotating, this::leakOne));
    threads.add(every("chaos-probe", Duration.ofMillis(50), () -> probing, this::probe));
    threads.forEach(Thread::start);
  }

  /** Stops rotating and leaking; probing goes on until {@link #close()}. */
  void stopRotating() throws InterruptedException {
    rotating = false;
    threads.get(0).join();
    threads.get(1).join();
  }

  int leaks() {
    return leaks.get();
  }

  private Thread every(
      String name, Duration period, BooleanSupplier running, ThrowingRunnable step) {
    Thread thread =
        new Thread(
            () -> {
              while (running.getAsBoolean()) {
                try {
                  step.run();
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // The API server or the webhook is down for a moment: try again next turn.
                }
                try {
                  Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private String anyName() {
    synchronized (random) {
      return names.get(random.nextInt(names.size()));
    }
  }

  private void rotateOne() {
    String name = anyName();
    String value = "chaos-" + clock.millis() + "-" + name;
    // Counted before it is sent: a write the server applied but whose answer was lost counts too.
    recorder.rotateValueSet(name);
    client
        .resources(RootKey.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            json.createObjectNode()
                .set(
                    "metadata",
                    json.createObjectNode()
                        .set(
                            "annotations",
                            json.createObjectNode().put(RotationAnnotations.ROTATE, value)))
                .toString());
  }

  private void leakOne() throws Exception {
    String name = anyName();
    String token = secretToken(name);
    if (token == null) {
      return;
    }
    Map<String, String> match =
        Map.of(
            "token",
            token,
            "type",
            "rootkey_root_key",
            "url",
            "https://github.com/octo/repo/blob/main/.env",
            "source",
            "commit");
    byte[] body = json.writeValueAsBytes(List.of(match));
    HttpResponse<byte[]> answer =
        http.send(
            HttpRequest.newBuilder(webhook.resolve(WebhookApp.SECRET_SCANNING_PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Github-Public-Key-Signature", signer.sign(body))
                .header("GITHUB-PUBLIC-KEY-IDENTIFIER", keyId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    JsonNode verdicts = json.readTree(answer.body());
    if (answer.statusCode() == 200
        && verdicts.size() == 1
        && "true_positive".equals(verdicts.get(0).path("label").asText())) {
      String hash = KeyHash.sha256Hex(token);
      recorder.leaked(hash, name, clock.instant());
      leaked.put(hash, new Known(token, name, clock.instant()));
      leaks.incrementAndGet();
    }
  }

  /** The key in RootKey {@code name}'s Secret, read from the API server; null if none. */
  private String secretToken(String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get("ROOT_KEY") == null) {
      return null;
    }
    String token = BenchRootKeys.token(secret);
    recorder.token(token);
    return token;
  }

  private void probe() throws Exception {
    String name = anyName();
    String token = secretToken(name);
    if (token != null) {
      verify(new Known(token, name, clock.instant()), true);
    }
    Instant now = clock.instant();
    for (Map.Entry<String, Known> entry : pending.entrySet()) {
      Known known = entry.getValue();
      if (now.isAfter(known.firstAt().plus(settle)) || leaked.containsKey(entry.getKey())) {
        pending.remove(entry.getKey());
      } else {
        verify(known, true);
      }
    }
    for (Known known : sample(recentValid)) {
      verify(known, false);
    }
    for (Known known : sample(leaked)) {
      verify(known, false);
    }
  }

  private List<Known> sample(Map<String, Known> keys) {
    List<Known> all = new ArrayList<>(keys.values());
    List<Known> some = new ArrayList<>();
    synchronized (random) {
      for (int i = 0; i < 2 && !all.isEmpty(); i++) {
        some.add(all.remove(random.nextInt(all.size())));
      }
    }
    return some;
  }

  /** Verifies {@code known}'s key through the webhook and records the answer. */
  private String verify(Known known, boolean fromSecret) throws IOException, InterruptedException {
    String hash = KeyHash.sha256Hex(known.token());
    Instant sent = clock.instant();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(webhook.resolve(WebhookApp.VERIFY_KEY_PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        json.writeValueAsBytes(Map.of("key", known.token()))))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String code =
        response.statusCode() == 200
            ? json.readTree(response.body()).at("/data/code").asText()
            : "HTTP " + response.statusCode();
    recorder.answer(new VerifyAnswer(sent, known.rootKey(), hash, code), fromSecret);
    if ("VALID".equals(code)) {
      pending.remove(hash);
      lastValid.put(hash, sent);
      if (!leaked.containsKey(hash)) {
        recentValid.put(hash, known);
      }
    } else if (fromSecret && !lastValid.containsKey(hash)) {
      pending.putIfAbsent(hash, known);
    }
    recentValid.entrySet().removeIf(e -> lastValid.get(e.getKey()).isBefore(sent.minus(RECENT)));
    return code;
  }

  /**
   * Verifies each leaked key and the key in each Secret until it answers as it should (REVOKED,
   * VALID) or {@code timeout} passes: the final answers the invariants judge.
   */
  void probeAll(Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    for (Known known : leaked.values()) {
      while (!answers(known, false, "REVOKED") && clock.instant().isBefore(deadline)) {
        Thread.sleep(500);
      }
    }
    for (String name : names) {
      String token = null;
      while (token == null && clock.instant().isBefore(deadline)) {
        try {
          token = secretToken(name);
        } catch (RuntimeException e) {
          Thread.sleep(500);
        }
      }
      if (token == null) {
        continue;
      }
      Known known = new Known(token, name, clock.instant());
      while (!answers(known, true, "VALID") && clock.instant().isBefore(deadline)) {
        Thread.sleep(500);
      }
    }
  }

  private boolean answers(Known known, boolean fromSecret, String expected)
      throws InterruptedException {
    try {
      return expected.equals(verify(known, fromSecret));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    rotating = false;
    probing = false;
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
