package dev.rootkey.sandbox;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

/**
 * A CRUD-mode Fabric8 mock API server on 127.0.0.1 over plain HTTP, with the rootkey CRDs
 * installed, the discovery kubectl needs and the watches it makes.
 */
public final class SandboxServer implements AutoCloseable {

  /** The CRDs the crds module generates, as packaged in its jar. */
  static final List<String> CRD_RESOURCES =
      List.of(
          "/META-INF/fabric8/rootkeys.rootkey.dev-v1.yml",
          "/META-INF/fabric8/keyleaks.rootkey.dev-v1.yml",
          "/META-INF/fabric8/keyusages.rootkey.dev-v1.yml");

  /** How many changes watches can resume from, as etcd keeps a window of history. */
  private static final int WATCH_HISTORY = 10_000;

  private final ApiHttpServer http;
  private final KubernetesClient client;
  private final AdmissionChain admission;
  private final GarbageCollector collector;

  private SandboxServer(ApiHttpServer http, AdmissionChain admission, GarbageCollector collector) {
    this.http = http;
    this.admission = admission;
    this.collector = collector;
    this.client =
        new KubernetesClientBuilder()
            .withConfig(
                // Config.empty(): nothing from ~/.kube/config or the environment.
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(url())
                    .withNamespace("default")
                    .withHttp2Disable(true)
                    .withOauthToken("sandbox")
                    .build())
            .build();
  }

  /** Starts on 127.0.0.1:{@code port} (0 picks a free port) and installs the CRDs. */
  public static SandboxServer start(int port) {
    VersionInfo version =
        new VersionInfo.Builder()
            .withMajor("1")
            .withMinor("32")
            .withGitVersion("v1.32.0-rootkey-sandbox")
            .withPlatform("linux/amd64")
            .build();
    AdmissionChain admission = new AdmissionChain();
    ChangeLog changes = new ChangeLog(WATCH_HISTORY);
    SandboxStore store = new SandboxStore(changes, Clock.systemUTC());
    DiscoveryDispatcher api = new DiscoveryDispatcher(store, version, admission);
    Watches watches = new Watches(changes, store::getKey, api::dispatch, api::tableOrObject);
    GarbageCollector collector =
        new GarbageCollector(store, api, GarbageCollector.NAMESPACE_DELETION_GRACE);
    ApiHttpServer http;
    try {
      // 127.0.0.1 explicitly: getLoopbackAddress() may be ::1, and the kubeconfig says 127.0.0.1.
      http =
          ApiHttpServer.start(
              InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port, api, watches);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for a 4-byte address
    } catch (RuntimeException e) {
      collector.close();
      throw new IllegalStateException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    SandboxServer sandbox = new SandboxServer(http, admission, collector);
    CRD_RESOURCES.forEach(sandbox::installCrd);
    // As on a cluster, where the API server makes it: manifests without a namespace land here.
    sandbox
        .client()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    return sandbox;
  }

  /** Creates a CRD with a plain POST; the mock server has no server-side apply. */
  private void installCrd(String resource) {
    try (InputStream yaml = RootKey.class.getResourceAsStream(resource)) {
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRD " + resource, e);
    }
  }

  /**
   * From now on RootKey writes go through the scanner-webhook's admission endpoints at this base
   * URL, as on a cluster where the chart registered them.
   */
  public void admitRootKeysThrough(URI webhook) {
    admission.sendTo(webhook);
  }

  public int port() {
    return http.port();
  }

  /** Base URL, on 127.0.0.1 as the kubeconfig says. */
  public String url() {
    return "http://127.0.0.1:" + http.port();
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    collector.close();
    http.close();
  }
}
