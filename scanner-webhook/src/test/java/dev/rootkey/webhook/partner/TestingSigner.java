package dev.rootkey.webhook.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** A freshly generated signing key standing in for GitHub's, for payloads the tests make up. */
public final class TestingSigner {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyPair keyPair;
  private final String algorithm;

  private TestingSigner(KeyPair keyPair, String algorithm) {
    this.keyPair = keyPair;
    this.algorithm = algorithm;
  }

  public static TestingSigner p256() {
    return ec("secp256r1");
  }

  static TestingSigner ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return new TestingSigner(generator.generateKeyPair(), "SHA256withECDSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestingSigner rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new TestingSigner(generator.generateKeyPair(), "SHA256withRSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** Base64 of the signature over the body, DER for ECDSA as GitHub sends it. */
  public String sign(byte[] body) {
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(keyPair.getPrivate());
      signature.update(body);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String pem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(keyPair.getPublic());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A key-set document in GitHub's shape listing only this key. */
  public String keySetDocument(String keyIdentifier) {
    return KeySetDocument.of(keyIdentifier, keyPair.getPublic());
  }

  /** This key as one entry of a key-set document, for tests that make up the rest. */
  String keySetEntry(String keyIdentifier, boolean current) {
    try {
      return JSON.readTree(
              KeySetDocument.of(
                  List.of(new KeySetDocument.Entry(keyIdentifier, keyPair.getPublic(), current))))
          .get("public_keys")
          .get(0)
          .toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
