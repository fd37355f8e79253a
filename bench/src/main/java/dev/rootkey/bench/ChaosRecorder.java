package dev.rootkey.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the chaos harness saw, from all its threads: every RootKey status, every verification (those
 * of keys just read from a Secret apart), every key read from a Secret, the leaks it reported and
 * the rotate values it set. The invariants are checked on copies of it.
 */
final class ChaosRecorder {

  private final List<ChaosStatus> statuses = new ArrayList<>();
  private final List<VerifyAnswer> answers = new ArrayList<>();
  private final List<VerifyAnswer> secretProbes = new ArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> leaked = new ConcurrentHashMap<>();
  private final Map<String, Instant> alertAnswered = new ConcurrentHashMap<>();
  private final Map<String, Integer> rotateValues = new ConcurrentHashMap<>();

  synchronized void status(ChaosStatus status) {
    statuses.add(status);
  }

  /** A verification; {@code fromSecret}: of a key the harness had just read from a Secret. */
  synchronized void answer(VerifyAnswer answer, boolean fromSecret) {
    answers.add(answer);
    if (fromSecret) {
      secretProbes.add(answer);
    }
  }

  /** A key the harness read from a Secret: the log scan looks for every one of them. */
  void token(String token) {
    tokens.add(token);
  }

  /** A key the harness reported leaked and the webhook took as ours, when it answered. */
  void leaked(String hash, String rootKey, Instant answeredAt) {
    leaked.put(hash, rootKey);
    alertAnswered.put(hash, answeredAt);
  }

  void rotateValueSet(String rootKey) {
    rotateValues.merge(rootKey, 1, Integer::sum);
  }

  synchronized List<ChaosStatus> statuses() {
    return List.copyOf(statuses);
  }

  synchronized List<VerifyAnswer> answers() {
    return List.copyOf(answers);
  }

  synchronized List<VerifyAnswer> secretProbes() {
    return List.copyOf(secretProbes);
  }

  Set<String> tokens() {
    return Set.copyOf(tokens);
  }

  Map<String, String> leaked() {
    return Map.copyOf(leaked);
  }

  Map<String, Instant> alertAnswered() {
    return Map.copyOf(alertAnswered);
  }

  Map<String, Integer> rotateValues() {
    return new HashMap<>(rotateValues);
  }

  int rotateValuesSet() {
    return rotateValues.values().stream().mapToInt(Integer::intValue).sum();
  }
}
