package dev.rootkey.operator;

import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator against the cluster of the in-cluster service account, or else the current
 * kubeconfig context. {@code ROOTKEY_NAMESPACES}: comma-separated namespaces to watch (default
 * all).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Set<String> namespaces = parseNamespaces(System.getenv("ROOTKEY_NAMESPACES"));
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator =
        RootKeyOperator.create(
            client, Clock.systemUTC(), new KeyGenerator(new SecureRandom()), namespaces);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                },
                "operator-shutdown"));
    operator.start();
    log.info(
        "rootkey-operator started against {} watching {}",
        client.getMasterUrl(),
        namespaces.isEmpty() ? "all namespaces" : namespaces);
  }

  static Set<String> parseNamespaces(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
