package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Fabric8 mock API server in CRUD mode on 127.0.0.1 with the RootKey CRD: what tests use. */
final class InProcessApiServer implements AutoCloseable {

  /** Held so the level sticks: the mock web server logs every request at INFO. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final BenchCrudDispatcher dispatcher = new BenchCrudDispatcher();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  InProcessApiServer() {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    try {
      server.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    client = server.createClient();
    for (String plural : new String[] {"rootkeys", "keyleaks", "keyusages"}) {
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        CustomResourceDefinition crd =
            Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        createOnce(client, crd);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Creates a CRD on a fresh server. On a loaded machine the client may time out a create the
   * server did make and send it again: the 409 of that retry means the CRD is there.
   */
  static void createOnce(KubernetesClient client, CustomResourceDefinition crd) {
    try {
      client.resource(crd).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** The server's base URL, for clients in other processes. */
  String url() {
    return server.url("/");
  }

  /** Requests served so far, by verb and resource. */
  RequestCounts requests() {
    return new RequestCounts(dispatcher.counts());
  }

  /** Waits until this server has served {@code count} requests of a kind ("POST events"). */
  void awaitRequests(String kind, long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (dispatcher.counts().getOrDefault(kind, 0L) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + count + " " + kind + " within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /** When this server stored each RootKey Ready. */
  ReadyTimes readyTimes() {
    return dispatcher.readyTimes();
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
