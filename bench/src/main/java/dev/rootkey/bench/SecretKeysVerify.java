package dev.rootkey.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key in each Secret verifies: every key the harness read from a Secret answered VALID within
 * {@code settle} of its first verification (the webhook learns of a key from its own watch, so its
 * first answer may come before it has), unless the harness reported it leaked.
 */
final class SecretKeysVerify {

  private SecretKeysVerify() {}

  /**
   * @param probes verifications of keys read from Secrets, in the order they were sent
   * @param now when the check runs: a key first probed less than {@code settle} ago is not judged
   */
  static List<String> violations(
      Collection<VerifyAnswer> probes, Set<String> leakedHashes, Duration settle, Instant now) {
    Map<String, List<VerifyAnswer>> byKey = new LinkedHashMap<>();
    for (VerifyAnswer probe : probes) {
      byKey.computeIfAbsent(probe.hash(), h -> new ArrayList<>()).add(probe);
    }
    List<String> violations = new ArrayList<>();
    byKey.forEach(
        (hash, answers) -> {
          Instant first = answers.get(0).at();
          Instant until = first.plus(settle);
          if (leakedHashes.contains(hash) || until.isAfter(now)) {
            return;
          }
          boolean verified = answers.stream().anyMatch(a -> a.valid() && !a.at().isAfter(until));
          if (!verified) {
            VerifyAnswer last = answers.get(answers.size() - 1);
            violations.add(
                "the key in RootKey "
                    + last.rootKey()
                    + "'s Secret (sha256 "
                    + hash.substring(0, 12)
                    + ") did not verify within "
                    + settle.toSeconds()
                    + " s of "
                    + first
                    + ": "
                    + answers.size()
                    + " answers, the last "
                    + last.code()
                    + " at "
                    + last.at());
          }
        });
    return violations;
  }
}
