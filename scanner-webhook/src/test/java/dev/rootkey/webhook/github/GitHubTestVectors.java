package dev.rootkey.webhook.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.webhook.partner.PemPublicKeyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Real GitHub deliveries and the key set that lists their signing key, from the test resources. */
public final class GitHubTestVectors {

  public static final String GITHUB_KEY_ID =
      "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";

  /** One signed delivery; the payload is the exact signed body. */
  public record Vector(byte[] body, String signature, String keyIdentifier) {

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final JsonNode ROOT = load();

  private GitHubTestVectors() {}

  public static List<Vector> vectors() {
    List<Vector> vectors = new ArrayList<>();
    for (JsonNode vector : ROOT.get("vectors")) {
      vectors.add(
          new Vector(
              vector.get("payload").textValue().getBytes(StandardCharsets.UTF_8),
              vector.get("signature").textValue(),
              vector.get("key_identifier").textValue()));
    }
    return vectors;
  }

  public static Vector vector(int index) {
    return vectors().get(index);
  }

  /** GitHub's {@code /meta/public_keys/secret_scanning} answer, as served. */
  public static String keySetDocument() {
    return ROOT.get("public_keys_response").toString();
  }

  public static PublicKey githubKey() {
    String pem = ROOT.get("public_keys_response").get("public_keys").get(0).get("key").textValue();
    return new PemPublicKeyReader().read(pem).orElseThrow();
  }

  private static JsonNode load() {
    try (InputStream in =
        GitHubTestVectors.class.getResourceAsStream("/github-secret-scanning.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
