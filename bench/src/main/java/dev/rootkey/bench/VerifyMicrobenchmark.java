package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.usage.UsageTable;
import dev.rootkey.webhook.verify.CallerAddress;
import dev.rootkey.webhook.verify.KeyVerifier;
import dev.rootkey.webhook.verify.Verification;
import dev.rootkey.webhook.verify.VerificationCounts;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: {@link KeyVerifier#verify} of valid keys (format, SHA-256, lookup, checks, noting the use in
 * the key's usage cell) in memory.
 */
@State(Scope.Thread)
public class VerifyMicrobenchmark {

  private static final int KEYS = 10_000;
  private static final List<String> PERMISSIONS = List.of("api.payments.verify_key");

  private KeyVerifier verifier;
  private KeyVerifier verifierThroughUsageTable;
  private String[] tokens;
  private CallerAddress caller;
  private int next;

  @Setup
  public void populate() throws Exception {
    KeyGenerator generator = new KeyGenerator(new SecureRandom());
    Map<String, IndexedKey> byHash = new HashMap<>();
    UsageTable usage = new UsageTable();
    tokens = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      GeneratedKey key = generator.generate("rk");
      RootKey rootKey = BenchRootKeys.rootKey("payments", "rk-" + i);
      KeyRecord record = new KeyRecord();
      record.setId(key.id());
      record.setHash(key.hash());
      record.setStart(key.start());
      record.setState(KeyState.Active);
      byHash.put(key.hash(), new IndexedKey(rootKey, record));
      tokens[i] = key.token();
    }
    verifier =
        new KeyVerifier(new MapKeyIndex(byHash), Clock.systemUTC(), new VerificationCounts());
    verifierThroughUsageTable =
        new KeyVerifier(
            new UsageTableKeyIndex(byHash, usage), Clock.systemUTC(), new VerificationCounts());
    caller = CallerAddress.of(InetAddress.getLoopbackAddress());
  }

  @Benchmark
  public Verification verifyValidKey() {
    next = next + 1 == KEYS ? 0 : next + 1;
    return verifier.verify(tokens[next], PERMISSIONS, caller);
  }

  /**
   * As {@link #verifyValidKey}, with the key's usage cell looked up in the usage table at each
   * lookup, as the informer's index does.
   */
  @Benchmark
  public Verification verifyValidKeyThroughUsageTable() {
    next = next + 1 == KEYS ? 0 : next + 1;
    return verifierThroughUsageTable.verify(tokens[next], PERMISSIONS, caller);
  }

  /** A loaded index in a plain map: what the informer's index answers, without the informer. */
  private record MapKeyIndex(Map<String, IndexedKey> byHash) implements KeyIndex {
    @Override
    public Optional<IndexedKey> find(String tokenHash) {
      return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  /** The same map, handing out each key's cell of the usage table as the informer's index does. */
  private record UsageTableKeyIndex(Map<String, IndexedKey> byHash, UsageTable usage)
      implements KeyIndex {
    @Override
    public Optional<IndexedKey> find(String tokenHash) {
      IndexedKey key = byHash.get(tokenHash);
      return key == null
          ? Optional.empty()
          : Optional.of(
              new IndexedKey(
                  key.rootKey(),
                  key.record(),
                  usage.cellFor(tokenHash, key.rootKey(), key.record())));
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }
}
