package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-process API server's watches behave as kube-apiserver's do for what informers ask. */
class ApiServerWatchesTest {

  private static final String NAMESPACE = "watched";

  private InProcessApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() {
    server = new InProcessApiServer();
    client = server.client();
    BenchRootKeys.namespace(client, NAMESPACE);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void aWatchFromAListsVersionGetsOnlyTheChangesAfterItInOrder() {
    create("rk-1");
    create("rk-2");
    String listed = rootKeys().list().getMetadata().getResourceVersion();
    Seen seen = new Seen();
    try (Watch watch = rootKeys().watch(from(listed), seen)) {
      create("rk-3");
      RootKey changed = rootKeys().withName("rk-1").get();
      changed.getMetadata().setLabels(Map.of("touched", "yes"));
      client.resource(changed).update();
      rootKeys().withName("rk-2").delete();

      await().until(() -> seen.events.size() >= 3);
      assertThat(seen.events).containsExactly("ADDED rk-3", "MODIFIED rk-1", "DELETED rk-2");
    }
  }

  @Test
  void aWatchWithoutAVersionStartsWithEveryMatchingObjectAdded() {
    create("rk-1");
    create("rk-2");
    Seen seen = new Seen();
    try (Watch watch = rootKeys().watch(seen)) {
      await().until(() -> seen.events.size() >= 2);
      assertThat(seen.events).containsExactlyInAnyOrder("ADDED rk-1", "ADDED rk-2");
    }
  }

  @Test
  void aLabelScopedWatchSeesOnlyTheObjectsItsSelectorMatches() {
    String listed =
        client.secrets().inNamespace(NAMESPACE).list().getMetadata().getResourceVersion();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .secrets()
            .inNamespace(NAMESPACE)
            .withLabel("managed", "yes")
            .watch(
                from(listed),
                new Watcher<Secret>() {
                  @Override
                  public void eventReceived(Action action, Secret secret) {
                    seen.add(action + " " + secret.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      secret("foreign", "no");
      secret("ours", "yes");

      await().until(() -> !seen.isEmpty());
      assertThat(seen).containsExactly("ADDED ours");
    }
  }

  private NonNamespaceOperation<RootKey, KubernetesResourceList<RootKey>, Resource<RootKey>>
      rootKeys() {
    return client.resources(RootKey.class).inNamespace(NAMESPACE);
  }

  private void create(String name) {
    client.resource(BenchRootKeys.rootKey(NAMESPACE, name)).create();
  }

  private void secret(String name, String managed) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .addToLabels("managed", managed)
                .endMetadata()
                .build())
        .create();
  }

  private static ListOptions from(String resourceVersion) {
    return new ListOptionsBuilder().withResourceVersion(resourceVersion).build();
  }

  /** What a watch delivered, as "ACTION name". */
  private static final class Seen implements Watcher<RootKey> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void eventReceived(Action action, RootKey rootKey) {
      events.add(action + " " + rootKey.getMetadata().getName());
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
