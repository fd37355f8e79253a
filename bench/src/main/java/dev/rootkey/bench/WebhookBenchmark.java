package dev.rootkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.webhook.TokenRevocationApi;
import dev.rootkey.webhook.WebhookApp;
import dev.rootkey.webhook.gitlab.GitLab;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The scanner-webhook with the operator on one in-process API server: verification throughput
 * against a bare Javalin route, a 1,000-token alert, and leak-to-revoked latency for leaks reported
 * by GitHub and by GitLab.
 */
final class WebhookBenchmark {

  static final String NAMESPACE = "webhook";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LEAK_TIMEOUT = Duration.ofSeconds(10);
  private static final int BATCH_OURS = 3;
  // Between rounds after the first, whose warm-up has compiled both routes already.
  private static final Duration SETTLE = Duration.ofSeconds(1);

  /**
   * @param warmUp before each endpoint's first round; later rounds settle for a second
   * @param rounds pairs of rounds (the bare route and verification, back to back)
   */
  record Settings(int leaks, int clientThreads, Duration warmUp, Duration window, int rounds) {}

  record Result(
      PairedRounds rounds,
      int clientThreads,
      long alertBatchMs,
      int leaks,
      Percentiles leakToRevokedMs,
      Percentiles gitlabLeakToRevokedMs) {

    LoadGenerator.Result verify() {
      return rounds.medianVerify();
    }

    LoadGenerator.Result constant() {
      return rounds.medianConstant();
    }

    double verifyRatio() {
      return rounds.medianRatio();
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final AlertSigner signer;
  private final AlertSigner gitlabSigner;
  private final InProcessApiServer server;
  private final KubernetesClient client;
  private final BenchWebhook webhook;
  private final HttpClient http;

  private WebhookBenchmark(
      InProcessApiServer server,
      KubernetesClient client,
      BenchWebhook webhook,
      HttpClient http,
      AlertSigner signer,
      AlertSigner gitlabSigner) {
    this.signer = signer;
    this.gitlabSigner = gitlabSigner;
    this.server = server;
    this.client = client;
    this.webhook = webhook;
    this.http = http;
  }

  static Result run(Settings settings) throws Exception {
    return withStack(benchmark -> benchmark.measure(settings));
  }

  /** What runs against the stack {@link #withStack} started. */
  interface StackUse<T> {
    T on(WebhookBenchmark benchmark) throws Exception;
  }

  /**
   * Starts an in-process API server, the operator and the scanner-webhook sharing one seal key,
   * runs {@code use} against them and stops them.
   */
  static <T> T withStack(StackUse<T> use) throws Exception {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      BenchRootKeys.namespace(client, NAMESPACE);
      // One seal key for both, as the chart's Secret gives both pods.
      RecordSeal seal = RecordSeal.random(new SecureRandom());
      Operator operator =
          RootKeyOperator.create(
              client, Clock.systemUTC(), new KeyGenerator(new SecureRandom()), seal, Set.of());
      operator.start();
      AlertSigner signer = AlertSigner.p256();
      AlertSigner gitlabSigner = AlertSigner.p256();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(4))
              .build();
      try (BenchWebhook webhook =
          BenchWebhook.start(client, signer, gitlabSigner, seal, Clock.systemUTC())) {
        return use.on(new WebhookBenchmark(server, client, webhook, http, signer, gitlabSigner));
      } finally {
        operator.stop();
      }
    }
  }

  private Result measure(Settings settings) throws Exception {
    // Keys 0..leaks-1 leak through GitHub, then BATCH_OURS for the batch, then leaks for GitLab.
    int gitlabFirst = settings.leaks() + BATCH_OURS;
    int rootKeys = gitlabFirst + settings.leaks();
    List<String> tokens = readyTokens(rootKeys);
    List<byte[]> verifyBodies = new ArrayList<>();
    for (String token : tokens.subList(0, settings.leaks())) {
      verifyBodies.add(verifyBody(token));
    }
    LoadGenerator load = new LoadGenerator(http, settings.clientThreads());
    List<LoadGenerator.Result> verifyRuns = new ArrayList<>();
    List<LoadGenerator.Result> constantRuns = new ArrayList<>();
    // Back to back, so that a pair shares the machine's minute; which goes first alternates.
    for (int round = 0; round < settings.rounds(); round++) {
      Duration warmUp = round == 0 ? settings.warmUp() : SETTLE;
      boolean constantFirst = round % 2 == 0;
      if (constantFirst) {
        constantRuns.add(round(load, BenchWebhook.CONSTANT_PATH, verifyBodies, warmUp, settings));
      }
      verifyRuns.add(round(load, WebhookApp.VERIFY_KEY_PATH, verifyBodies, warmUp, settings));
      if (!constantFirst) {
        constantRuns.add(round(load, BenchWebhook.CONSTANT_PATH, verifyBodies, warmUp, settings));
      }
    }

    long alertBatchMs = alertBatch(tokens.subList(settings.leaks(), gitlabFirst));

    long[] leakMs = new long[settings.leaks()];
    long[] gitlabLeakMs = new long[settings.leaks()];
    // Alternated, as above: neither host gets the better minute.
    for (int i = 0; i < settings.leaks(); i++) {
      leakMs[i] = leak("rk-" + i, tokens.get(i), this::alert);
      int g = gitlabFirst + i;
      gitlabLeakMs[i] = leak("rk-" + g, tokens.get(g), this::gitlabAlert);
    }
    return new Result(
        new PairedRounds(constantRuns, verifyRuns),
        settings.clientThreads(),
        alertBatchMs,
        settings.leaks(),
        Percentiles.of(leakMs),
        Percentiles.of(gitlabLeakMs));
  }

  /**
   * Creates {@code rootKeys} RootKeys, waits until each is Ready and verifies through the webhook,
   * and returns their keys, the i-th of RootKey "rk-i".
   */
  List<String> readyTokens(int rootKeys) throws Exception {
    try (ReadyTracker ready = ReadyTracker.watch(client, NAMESPACE)) {
      BenchRootKeys.createAll(client, rootKeys, i -> BenchRootKeys.rootKey(NAMESPACE, "rk-" + i));
      ready.awaitReady(rootKeys, TIMEOUT);
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < rootKeys; i++) {
      tokens.add(BenchRootKeys.token(secret("rk-" + i)));
    }
    // The index has loaded once every key verifies.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String token : tokens) {
      while (!"VALID".equals(verify(token))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the webhook's index did not load the keys");
        }
        Thread.sleep(20);
      }
    }
    return tokens;
  }

  /** A verification request for {@code token} with a permission its RootKey grants. */
  byte[] verifyBody(String token) throws Exception {
    return json.writeValueAsBytes(
        Map.of("key", token, "permissions", List.of("api.payments.verify_key")));
  }

  /** The in-process API server under the stack, which counts the requests it serves. */
  InProcessApiServer server() {
    return server;
  }

  KubernetesClient client() {
    return client;
  }

  HttpClient http() {
    return http;
  }

  /** Where the webhook answers {@code path}. */
  URI url(String path) {
    return webhook.url(path);
  }

  /** One closed-loop round against {@code path}, sending the verification bodies in turn. */
  private LoadGenerator.Result round(
      LoadGenerator load, String path, List<byte[]> bodies, Duration warmUp, Settings settings)
      throws Exception {
    return load.run(n -> post(path, bodies.get(n % bodies.size())), warmUp, settings.window());
  }

  /** One signed alert of 1,000 tokens with a few of ours in it, after one of strangers only. */
  private long alertBatch(List<String> ours) throws Exception {
    KeyGenerator strangers = new KeyGenerator(new SecureRandom());
    List<Map<String, String>> warmUp = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      warmUp.add(match(strangers.generate("rk").token()));
    }
    alert(warmUp);
    List<Map<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(
          match(
              i % 333 == 7 && i / 333 < ours.size()
                  ? ours.get(i / 333)
                  : strangers.generate("rk").token()));
    }
    long start = System.nanoTime();
    HttpResponse<byte[]> answer = alert(batch);
    long ms = (System.nanoTime() - start) / 1_000_000;
    JsonNode verdicts = json.readTree(answer.body());
    long truePositives = 0;
    for (JsonNode verdict : verdicts) {
      if ("true_positive".equals(verdict.get("label").asText())) {
        truePositives++;
      }
    }
    if (answer.statusCode() != 200 || verdicts.size() != 1_000 || truePositives != ours.size()) {
      throw new IllegalStateException("the batch alert was not answered as expected");
    }
    return ms;
  }

  /** A host's signed alert of one token. */
  private interface LeakAlert {
    HttpResponse<byte[]> send(String token) throws Exception;
  }

  /**
   * Milliseconds from sending the host's alert until the key answers REVOKED and the Secret
   * changed.
   */
  private long leak(String name, String token, LeakAlert alert) throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> answer = alert.send(token);
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("alert answered " + answer.statusCode());
    }
    long deadline = start + LEAK_TIMEOUT.toNanos();
    boolean revoked = false;
    boolean replaced = false;
    while (!(revoked && replaced)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": leaked key not revoked and replaced in time");
      }
      revoked = revoked || "REVOKED".equals(verify(token));
      replaced = replaced || !token.equals(BenchRootKeys.token(secret(name)));
      if (!(revoked && replaced)) {
        Thread.sleep(1);
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  String verify(String token) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            post(
                WebhookApp.VERIFY_KEY_PATH,
                json.writeValueAsBytes(Map.of("key", token, "permissions", List.of()))),
            HttpResponse.BodyHandlers.ofByteArray());
    return json.readTree(response.body()).at("/data/code").asText();
  }

  private HttpResponse<byte[]> alert(String token) throws Exception {
    return alert(List.of(match(token)));
  }

  /** GitLab's partner alert of one token: {@code {type, token, url}}, signed with GitLab's key. */
  private HttpResponse<byte[]> gitlabAlert(String token) throws Exception {
    Map<String, String> match = new LinkedHashMap<>();
    match.put("type", TokenRevocationApi.TOKEN_TYPES.get(0));
    match.put("token", token);
    match.put("url", "https://gitlab.com/octo/repo/-/blob/main/.env");
    byte[] body = json.writeValueAsBytes(List.of(match));
    return http.send(
        HttpRequest.newBuilder(webhook.url(WebhookApp.GITLAB_SECRET_DETECTION_PATH))
            .header("Content-Type", "application/json")
            .header(GitLab.SIGNATURE_HEADERS.signature(), gitlabSigner.sign(body))
            .header(GitLab.SIGNATURE_HEADERS.keyIdentifier(), BenchWebhook.GITLAB_KEY_ID)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> alert(List<Map<String, String>> matches) throws Exception {
    byte[] body = json.writeValueAsBytes(matches);
    return http.send(
        HttpRequest.newBuilder(webhook.url(WebhookApp.SECRET_SCANNING_PATH))
            .header("Content-Type", "application/json")
            .header("Github-Public-Key-Signature", signer.sign(body))
            .header("GITHUB-PUBLIC-KEY-IDENTIFIER", BenchWebhook.KEY_ID)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpRequest post(String path, byte[] body) {
    return HttpRequest.newBuilder(webhook.url(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static Map<String, String> match(String token) {
    Map<String, String> match = new LinkedHashMap<>();
    match.put("token", token);
    match.put("type", "rootkey_root_key");
    match.put("url", "https://github.com/octo/repo/blob/main/.env");
    match.put("source", "commit");
    return match;
  }

  Secret secret(String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }
}
