package dev.rootkey.helm.cluster;

import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 fingerprints of secret values, so that tests compare keys and certificates without a
 * failed assertion ever printing one.
 */
final class Fingerprints {

  private Fingerprints() {}

  /** Each data key of the Secret mapped to the SHA-256 of its value. */
  static Map<String, String> of(Secret secret) {
    Map<String, String> fingerprints = new TreeMap<>();
    secret.getData().forEach((key, value) -> fingerprints.put(key, of(decoded(value))));
    return fingerprints;
  }

  static String of(String value) {
    return KeyHash.sha256Hex(value);
  }

  /** A base64 value of a Secret's data, as text. */
  static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
