package dev.rootkey.operator;

import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * API servers for a packaged jar to run against in a test: the in-process one with the CRDs
 * installed, and a port that accepts connections and never answers. Shared with the
 * scanner-webhook's tests through this module's test jar.
 */
public final class ApiServerStandIns {

  /** The namespace the kubeconfig names, created on the in-process server. */
  public static final String NAMESPACE = "rootkey";

  private ApiServerStandIns() {}

  /** The in-process API server on 127.0.0.1, CRUD mode, with the CRDs and {@link #NAMESPACE}. */
  public static KubernetesMockServer answering() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // With leader election on, the SDK first asks what it may do with Leases; the store alone
    // would refuse the review for having no metadata.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                + "\"status\":{\"incomplete\":false,\"nonResourceRules\":[],\"resourceRules\":"
                + "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]}}")
        .always();
    try (KubernetesClient client = server.createClient()) {
      TestRootKeys.installCrd(client);
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    return server;
  }

  /** A port on 127.0.0.1 that accepts connections and never answers on them; close to free it. */
  public static ServerSocket silent() throws IOException {
    ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(hole.accept());
                }
              } catch (IOException e) {
                held.forEach(ApiServerStandIns::closeQuietly);
              }
            },
            "silent-api-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return hole;
  }

  /** A kubeconfig in {@code folder} for the API server on 127.0.0.1:{@code port}. */
  public static Path kubeconfig(Path folder, int port) throws IOException {
    Path kubeconfig = folder.resolve("kubeconfig-" + port);
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: it, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: it, user: {token: it}}]
        contexts: [{name: it, context: {cluster: it, user: it, namespace: %s}}]
        current-context: it
        """
            .formatted(port, NAMESPACE));
    return kubeconfig;
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean listening(int port) {
    try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /**
   * A fresh record seal key as {@value RecordSeal#VARIABLE} takes it: neither service starts
   * without one.
   */
  public static String sealKey() {
    byte[] key = new byte[RecordSeal.MIN_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
