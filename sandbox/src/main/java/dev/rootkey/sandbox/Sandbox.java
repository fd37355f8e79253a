package dev.rootkey.sandbox;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.webhook.ScannerWebhook;
import dev.rootkey.webhook.WebhookConfig;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.usage.UsageReportConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator running against a {@link SandboxServer}: a cluster to try RootKeys on. */
public final class Sandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxServer server;
  private final Operator operator;
  private final ScannerWebhook webhook;

  private Sandbox(SandboxServer server, Operator operator, ScannerWebhook webhook) {
    this.server = server;
    this.operator = operator;
    this.webhook = webhook;
  }

  /**
   * Starts the API server on {@code apiPort}, the operator against it, and the scanner-webhook on
   * {@code webhookPort} with its admission endpoints on {@code admissionPort} (0: any free port),
   * trusting the GitHub keys at {@code githubKeysUrl}. The API server sends RootKey writes to the
   * admission port, as a cluster's does. Both seal and check key records with {@code seal}. {@code
   * progress} is told of each part once it runs.
   */
  public static Sandbox start(
      int apiPort,
      int webhookPort,
      int admissionPort,
      URI githubKeysUrl,
      Clock clock,
      KeyGenerator generator,
      RecordSeal seal,
      Consumer<String> progress) {
    return start(
        apiPort,
        webhookPort,
        admissionPort,
        githubKeysUrl,
        GitLabConfig.OFF,
        clock,
        generator,
        seal,
        progress);
  }

  /** As above, with GitLab's sources as {@code gitlab} says. */
  public static Sandbox start(
      int apiPort,
      int webhookPort,
      int admissionPort,
      URI githubKeysUrl,
      GitLabConfig gitlab,
      Clock clock,
      KeyGenerator generator,
      RecordSeal seal,
      Consumer<String> progress) {
    SandboxServer server = SandboxServer.start(apiPort);
    progress.accept("API server listening on " + server.url());
    KubernetesClient client = server.client();
    Operator operator = RootKeyOperator.create(client, clock, generator, seal, Set.of());
    operator.start();
    progress.accept("operator started");
    ScannerWebhook webhook =
        ScannerWebhook.start(
            client,
            new WebhookConfig(
                "127.0.0.1",
                webhookPort,
                OptionalInt.of(admissionPort),
                githubKeysUrl,
                Optional.empty(),
                Set.of(),
                WebhookConfig.DEFAULT_MAX_REQUEST_BYTES,
                "",
                // On 127.0.0.1 only, for trying things out: plain HTTP, with the webhook's warning.
                Optional.empty(),
                RequestLimits.DEFAULT_READ_TIMEOUT,
                gitlab,
                // One in-process replica: its KeyUsages are <rootkey>.sandbox.
                UsageReportConfig.defaults("sandbox")),
            seal,
            clock);
    Sandbox sandbox = new Sandbox(server, operator, webhook);
    server.admitRootKeysThrough(URI.create(sandbox.admissionUrl() + "/"));
    progress.accept("scanner-webhook listening on " + sandbox.webhookUrl());
    return sandbox;
  }

  /** The public port: GitHub's and GitLab's leak reports, verification, health and metrics. */
  public String webhookUrl() {
    return "http://127.0.0.1:" + webhook.port();
  }

  /** The admission endpoints' own port, which the sandbox's API server calls. */
  public String admissionUrl() {
    return "http://127.0.0.1:" + webhook.admissionPort().getAsInt();
  }

  public SandboxServer server() {
    return server;
  }

  /** Applies every .yaml, .yml and .json file of a folder, in name order, as kubectl would. */
  public List<HasMetadata> apply(Path folder) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifests folder " + folder, e);
    }
    return files.stream().flatMap(f -> applyFile(f).stream()).toList();
  }

  private List<HasMetadata> applyFile(Path file) {
    KubernetesClient client = server.client();
    try (InputStream in = Files.newInputStream(file)) {
      List<HasMetadata> items = client.load(in).items();
      for (HasMetadata item : items) {
        if (item.getMetadata().getNamespace() == null && !isClusterScoped(item)) {
          item.getMetadata().setNamespace("default");
        }
        client.resource(item).createOr(NonDeletingOperation::update);
        log.info("applied {} {} from {}", item.getKind(), item.getMetadata().getName(), file);
      }
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + file, e);
    } catch (KubernetesClientException e) {
      // The API server's own words, as kubectl prints them, rather than the whole exchange.
      boolean said = e.getStatus() != null && e.getStatus().getMessage() != null;
      throw new IllegalArgumentException(
          "cannot apply " + file + ": " + (said ? e.getStatus().getMessage() : e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot apply " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isClusterScoped(HasMetadata item) {
    return item instanceof Namespace || item instanceof CustomResourceDefinition;
  }

  /** Stops the webhook and the operator, then the API server. */
  @Override
  public void close() {
    webhook.close();
    operator.stop();
    server.close();
  }
}
