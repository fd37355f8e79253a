package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.operator.kube.LeakStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KeyLeaks in memory: created as the scanner-webhook creates them, answered by the lifecycle. */
final class TestingLeakStore implements LeakStore {

  private final Map<String, KeyLeak> leaks = new LinkedHashMap<>();
  private final TestingCrash crash;
  private int writes;

  /**
   * @param crash when the lifecycle's process dies
   */
  TestingLeakStore(TestingCrash crash) {
    this.crash = crash;
  }

  /** What the scanner-webhook writes when GitHub reports this key; once per key. */
  boolean report(String namespace, String rootKey, KeyRecord record) {
    String name = KeyLeak.nameFor(record.getId());
    if (leaks.containsKey(name)) {
      return false;
    }
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey(rootKey);
    spec.setKeyId(record.getId());
    spec.setTokenHash(record.getHash());
    spec.setSource("content");
    spec.setReporter("github-secret-scanning");
    leak.setSpec(spec);
    leaks.put(name, leak);
    return true;
  }

  void delete(String name) {
    leaks.remove(name);
  }

  /** The KeyLeaks, as the reconcile of their RootKey gets them. */
  List<KeyLeak> all() {
    List<KeyLeak> copies = new ArrayList<>();
    leaks.values().forEach(l -> copies.add(copy(l, l.getStatus())));
    return copies;
  }

  int writes() {
    return writes;
  }

  @Override
  public KeyLeak answer(KeyLeak leak, KeyLeakStatus status) {
    crash.beforeCall();
    KeyLeak answered = copy(leaks.get(leak.getMetadata().getName()), status);
    leaks.put(leak.getMetadata().getName(), answered);
    writes++;
    crash.wrote();
    return copy(answered, status);
  }

  private static KeyLeak copy(KeyLeak leak, KeyLeakStatus status) {
    KeyLeak copy = new KeyLeak();
    copy.setMetadata(new ObjectMetaBuilder(leak.getMetadata()).build());
    copy.setSpec(leak.getSpec());
    copy.setStatus(status);
    return copy;
  }
}
