package dev.rootkey.webhook.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses {@code {"public_keys":[{"key_identifier","key","is_current"}]}} into keys by identifier.
 */
public final class KeySetParser {

  private static final Logger LOG = LoggerFactory.getLogger(KeySetParser.class);

  private final ObjectMapper json;
  private final PemPublicKeyReader pem;

  public KeySetParser(ObjectMapper json, PemPublicKeyReader pem) {
    this.json = json;
    this.pem = pem;
  }

  public KeySetParser() {
    this(new ObjectMapper(), new PemPublicKeyReader());
  }

  /**
   * Every listed key, current or not: GitHub keeps signing some deliveries with keys it has already
   * marked {@code is_current: false}. An entry that cannot be read is skipped so that one new key
   * format does not cost us the others.
   *
   * @throws InvalidKeySetException when the document is not the key-set shape or lists no usable
   *     key, so that a broken answer never replaces a good set
   */
  public Map<String, PublicKey> parse(String document) throws InvalidKeySetException {
    JsonNode root;
    try {
      root = json.readTree(document);
    } catch (JsonProcessingException e) {
      throw new InvalidKeySetException("key set is not JSON", e);
    }
    JsonNode entries = root == null ? null : root.get("public_keys");
    if (entries == null || !entries.isArray()) {
      throw new InvalidKeySetException("key set has no public_keys array");
    }
    Map<String, PublicKey> keys = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      Optional<String> id = text(entry, "key_identifier");
      Optional<PublicKey> key = text(entry, "key").flatMap(pem::read);
      if (id.isEmpty() || key.isEmpty()) {
        LOG.warn("Skipping public_keys[{}]: no key_identifier or no readable PEM public key", i);
        continue;
      }
      keys.put(id.get(), key.get());
    }
    if (keys.isEmpty()) {
      throw new InvalidKeySetException("key set lists no usable public key");
    }
    return Map.copyOf(keys);
  }

  private static Optional<String> text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }
}
