package dev.rootkey.helm.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A fresh P-256 key standing in for GitHub's secret-scanning key: signs alert bodies as GitHub does
 * (SHA256withECDSA, DER, base64) and describes itself as GitHub's key-set document.
 */
final class GitHubSigningKey {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyPair keyPair;
  private final String identifier;

  private GitHubSigningKey(KeyPair keyPair, String identifier) {
    this.keyPair = keyPair;
    this.identifier = identifier;
  }

  static GitHubSigningKey generate(String identifier, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return new GitHubSigningKey(generator.generateKeyPair(), identifier);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value of the Github-Public-Key-Identifier header. */
  String identifier() {
    return identifier;
  }

  /** The Github-Public-Key-Signature header for these exact body bytes. */
  String sign(byte[] body) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(body);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GitHub's key-set document listing only this key, as current. */
  String keySetDocument() {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keyPair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      return JSON.writeValueAsString(
          Map.of(
              "public_keys",
              List.of(Map.of("key_identifier", identifier, "key", pem, "is_current", true))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
