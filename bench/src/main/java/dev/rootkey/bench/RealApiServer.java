package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * kube-apiserver and etcd on 127.0.0.1, started and stopped by the scripts {@code
 * .ci/real-apiserver-it} uses (from the binaries it caches), in a folder of their own that is
 * deleted afterwards, with the RootKey and KeyLeak CRDs established.
 */
final class RealApiServer implements AutoCloseable {

  private static final Path SCRIPTS = Path.of(".ci", "kube-apiserver");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration CRD_TIMEOUT = Duration.ofSeconds(30);

  private static final Set<String> CLIENT_RESOURCES =
      Set.of("rootkeys", "keyleaks", "secrets", "events", "leases");

  private final Path run;
  private final KubernetesClient client;
  private final Map<String, String> env;
  private final Thread onExit;
  private volatile long apiServerPid;
  private volatile long etcdPid;

  private RealApiServer(
      Path run, KubernetesClient client, Map<String, String> env, long apiServerPid, long etcdPid) {
    this.run = run;
    this.client = client;
    this.env = env;
    this.apiServerPid = apiServerPid;
    this.etcdPid = etcdPid;
    // Should the benchmark's JVM end first (SIGTERM, Ctrl-C), the server and etcd go with it.
    this.onExit = new Thread(() -> stopQuietly(run), "stop-kube-apiserver");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  private static void stopQuietly(Path run) {
    try {
      stop(run);
    } catch (IOException e) {
      // Nothing more to do on the way out.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where the binaries are: $KAS_CACHE/bin, as .ci/real-apiserver-it caches them. */
  static Path binaries() {
    String cache = System.getenv("KAS_CACHE");
    return (cache != null
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "rootkey-kube-apiserver"))
        .resolve("bin");
  }

  /** Why the real API server cannot run here, if it cannot. */
  static Optional<String> missing() {
    Path bin = binaries();
    if (!Files.isExecutable(bin.resolve("kube-apiserver"))
        || !Files.isExecutable(bin.resolve("etcd"))) {
      return Optional.of(
          "no kube-apiserver and etcd in " + bin + " (.ci/real-apiserver-it builds them once)");
    }
    if (!Files.isRegularFile(SCRIPTS.resolve("start-kube-apiserver.sh"))) {
      return Optional.of(
          "no " + SCRIPTS + "/start-kube-apiserver.sh: run from the checkout's root");
    }
    return Optional.empty();
  }

  static RealApiServer start(int port, int etcdPort) throws Exception {
    return start(port, etcdPort, Map.of());
  }

  /**
   * As {@link #start(int, int)}, with more of the start script's variables ({@code AUDIT_POLICY}),
   * kept for {@link #restart()}.
   */
  static RealApiServer start(int port, int etcdPort, Map<String, String> more) throws Exception {
    Path run = Files.createTempDirectory("rootkey-bench-apiserver");
    Map<String, String> env = new HashMap<>(more);
    env.put("PORT", String.valueOf(port));
    env.put("ETCD_PORT", String.valueOf(etcdPort));
    try {
      runStartScript(run, env);
    } catch (Exception e) {
      delete(run);
      throw e;
    }
    KubernetesClient client = client(run.resolve("kubeconfig"));
    RealApiServer server =
        new RealApiServer(run, client, env, pid(run, "apiserver"), pid(run, "etcd"));
    try {
      server.establishCrds();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** A client as the benchmarks' sides make it: from the server's kubeconfig. */
  static KubernetesClient client(Path kubeconfig) throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
        .build();
  }

  private static void runStartScript(Path run, Map<String, String> env) throws Exception {
    ProcessBuilder start =
        new ProcessBuilder("bash", SCRIPTS.resolve("start-kube-apiserver.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("start.log").toFile()));
    start.environment().put("BIN", binaries().toString());
    start.environment().put("RUN", run.toString());
    start.environment().putAll(env);
    Process script = start.start();
    if (!script.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || script.exitValue() != 0) {
      script.destroyForcibly();
      stop(run);
      throw new IllegalStateException(
          "kube-apiserver did not start within "
              + START_TIMEOUT
              + ": "
              + Files.readString(run.resolve("start.log")));
    }
  }

  /**
   * Stops the API server and etcd (SIGTERM) and starts them again on the same ports with etcd's
   * data kept: what a control-plane restart looks like to the operator.
   */
  void restart() throws Exception {
    stop(run);
    awaitExit();
    Map<String, String> again = new HashMap<>(env);
    again.put("KEEP_DATA", "1");
    runStartScript(run, again);
    apiServerPid = pid(run, "apiserver");
    etcdPid = pid(run, "etcd");
  }

  /** A file the API server, etcd or the scripts wrote in the server's folder (logs). */
  Path file(String name) {
    return run.resolve(name);
  }

  Path kubeconfig() {
    return run.resolve("kubeconfig");
  }

  /**
   * The requests for what the benchmarks' clients read and write that the API server has served so
   * far, by its own metrics.
   */
  RequestCounts requests() {
    return ApiServerRequestCounts.parse(client.raw("/metrics"), CLIENT_RESOURCES);
  }

  long apiServerCpuMs() throws IOException {
    return ProcessCpu.ms(apiServerPid);
  }

  long etcdCpuMs() throws IOException {
    return ProcessCpu.ms(etcdPid);
  }

  private void establishCrds() throws Exception {
    for (String plural : new String[] {"rootkeys", "keyleaks", "keyusages"}) {
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        // This server is 1.20: it drops the CEL rules (x-kubernetes-validations) it predates.
        InProcessApiServer.createOnce(
            client, Serialization.unmarshal(yaml, CustomResourceDefinition.class));
      }
      long deadline = System.nanoTime() + CRD_TIMEOUT.toNanos();
      while (!established(plural + ".rootkey.dev")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(plural + " CRD not established within " + CRD_TIMEOUT);
        }
        Thread.sleep(100);
      }
    }
  }

  private boolean established(String name) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null
        && crd.getStatus() != null
        // A CRD just created has a status without conditions for a moment.
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static long pid(Path run, String name) throws IOException {
    return Long.parseLong(Files.readString(run.resolve(name + ".pid")).trim());
  }

  private static void stop(Path run) throws IOException, InterruptedException {
    ProcessBuilder stop =
        new ProcessBuilder("bash", SCRIPTS.resolve("stop-kube-apiserver.sh").toString())
            .inheritIO();
    stop.environment().put("RUN", run.toString());
    stop.start().waitFor();
  }

  @Override
  public void close() throws Exception {
    client.close();
    stop(run);
    awaitExit();
    delete(run);
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs anyway.
    }
  }

  private void awaitExit() throws Exception {
    for (long pid : new long[] {apiServerPid, etcdPid}) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent()) {
        process.get().onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Deletes the server's folder: etcd's data, certificates, logs. */
  private static void delete(Path run) throws IOException {
    try (Stream<Path> files = Files.walk(run)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
