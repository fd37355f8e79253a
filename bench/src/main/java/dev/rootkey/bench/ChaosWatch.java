package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The harness's own watches of the RootKeys and their Secrets: every status it sees is recorded,
 * every key it sees is kept for the log scan, and the latest of both give each RootKey's {@link
 * ConvergedRootKeys.View}. Fabric8's informers list again and resume by themselves after the API
 * server restarts.
 */
final class ChaosWatch implements AutoCloseable {

  private final String namespace;
  private final SharedIndexInformer<RootKey> rootKeys;
  private final SharedIndexInformer<Secret> secrets;

  ChaosWatch(KubernetesClient client, String namespace, ChaosRecorder recorder, Clock clock) {
    this.namespace = namespace;
    this.rootKeys =
        client
            .resources(RootKey.class)
            .inNamespace(namespace)
            .inform(
                new Handler<>(rootKey -> recorder.status(ChaosStatus.of(clock.instant(), rootKey))),
                0);
    this.secrets =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/managed-by", "rootkey-operator")
            .inform(
                new Handler<>(
                    secret -> {
                      if (secret.getData() != null && secret.getData().get("ROOT_KEY") != null) {
                        recorder.token(BenchRootKeys.token(secret));
                      }
                    }),
                0);
  }

  /** Each RootKey the watch holds, with its Secret as the watch holds it. */
  List<ConvergedRootKeys.View> views() {
    return rootKeys.getStore().list().stream()
        .map(
            rootKey ->
                ConvergedRootKeys.View.of(
                    rootKey,
                    secrets.getStore().getByKey(namespace + "/" + rootKey.getMetadata().getName())))
        .toList();
  }

  private record Handler<T>(Consumer<T> seen) implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
      seen.accept(object);
    }

    @Override
    public void onUpdate(T before, T after) {
      seen.accept(after);
    }

    @Override
    public void onDelete(T object, boolean unknownFinalState) {}
  }

  @Override
  public void close() {
    rootKeys.close();
    secrets.close();
  }
}
