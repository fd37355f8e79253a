package dev.rootkey.webhook.partner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Writes a key-set document in the shape GitHub and GitLab serve ({@code {"public_keys":[{
 * "key_identifier", "key", "is_current"}]}}, the key as PEM), the document {@link KeySetParser}
 * reads: for whatever stands in for a host where there is none (the sandbox, the benchmarks,
 * tests).
 */
public final class KeySetDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One key of the set. */
  public record Entry(String keyIdentifier, PublicKey key, boolean current) {}

  private record Document(@JsonProperty("public_keys") List<Listed> publicKeys) {}

  private record Listed(
      @JsonProperty("key_identifier") String keyIdentifier,
      @JsonProperty("key") String key,
      @JsonProperty("is_current") boolean current) {}

  private KeySetDocument() {}

  /** A document listing one key, the current one. */
  public static String of(String keyIdentifier, PublicKey key) {
    return of(List.of(new Entry(keyIdentifier, key, true)));
  }

  public static String of(List<Entry> entries) {
    List<Listed> listed =
        entries.stream()
            .map(e -> new Listed(e.keyIdentifier(), pem(e.key()), e.current()))
            .toList();
    try {
      return JSON.writeValueAsString(new Document(listed));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("strings and booleans always write as JSON", e);
    }
  }

  private static String pem(PublicKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
