package dev.rootkey.bench;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * The production operator alone in a JVM against a given API server URL, so that its heap can be
 * measured without the benchmark's own objects: each line "heap" on stdin is answered on stdout
 * with the bytes in use after full collections.
 */
public final class OperatorProcess {

  private OperatorProcess() {}

  public static void main(String[] args) {
    ChildMain.run(() -> serve(args));
  }

  private static void serve(String[] args) throws Exception {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(args[0])
            .withTrustCerts(true)
            .withHttp2Disable(true)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Operator operator =
        RootKeyOperator.create(
            client,
            Clock.systemUTC(),
            new KeyGenerator(new SecureRandom()),
            RecordSeal.random(new SecureRandom()),
            Set.of());
    operator.start();
    System.out.println("started");
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("heap")) {
        System.out.println(liveHeapBytes());
      }
    }
    operator.stop();
    client.close();
  }

  /** Heap in use after explicit full collections: with G1 that is the live set. */
  private static long liveHeapBytes() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Repeated because a collection can leave garbage whose finalisation frees more.
    for (int i = 0; i < 3; i++) {
      memory.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
