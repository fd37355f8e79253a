package dev.rootkey.sandbox;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;

/**
 * A CRUD-mode Fabric8 mock API server on 127.0.0.1 over plain HTTP, with the rootkey CRDs installed
 * and the discovery kubectl needs.
 */
public final class SandboxServer implements AutoCloseable {

  /** The CRDs the crds module generates, as packaged in its jar. */
  static final List<String> CRD_RESOURCES =
      List.of(
          "/META-INF/fabric8/rootkeys.rootkey.dev-v1.yml",
          "/META-INF/fabric8/keyleaks.rootkey.dev-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final AdmissionChain admission;

  private SandboxServer(KubernetesMockServer server, AdmissionChain admission) {
    this.server = server;
    this.client = server.createClient();
    this.admission = admission;
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
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new DiscoveryDispatcher(new KubernetesCrudDispatcher(), version, admission),
            false);
    try {
      // 127.0.0.1 explicitly: getLoopbackAddress() may be ::1, and the kubeconfig says 127.0.0.1.
      server.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for a 4-byte address
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    SandboxServer sandbox = new SandboxServer(server, admission);
    CRD_RESOURCES.forEach(sandbox::installCrd);
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
    return server.getPort();
  }

  /** Base URL; always 127.0.0.1 because the mock server would report "localhost". */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
