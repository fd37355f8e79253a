package dev.rootkey.webhook;

import dev.rootkey.config.BoundedShutdown;
import dev.rootkey.config.CommonPoolFloor;
import dev.rootkey.config.SealKeyAtStart;
import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the scanner-webhook with the settings of {@link WebhookConfig} from the environment. */
public final class Main {

  static {
    // First, before logging or the client can touch the JDK's common pool and fix its size.
    CommonPoolFloor.raiseOnSmallMachines();
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    WebhookConfig config = WebhookConfig.fromEnvironment(System.getenv());
    RecordSeal seal = SealKeyAtStart.fromEnvironmentOrExit(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    ScannerWebhook webhook = ScannerWebhook.start(client, config, seal, Clock.systemUTC());
    new BoundedShutdown("scanner-webhook", BoundedShutdown.DEADLINE).onExit(webhook, client);
    log.info(
        "scanner-webhook listening on port {} (admission: {}), GitHub keys from {}, watching {}",
        webhook.port(),
        webhook.admissionPort().isPresent() ? "port " + webhook.admissionPort().getAsInt() : "off",
        config.githubKeysUrl(),
        config.namespaces().isEmpty() ? "all namespaces" : config.namespaces());
  }
}
