package dev.rootkey.bench;

import dev.rootkey.webhook.partner.KeySetDocument;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A generated P-256 key standing in for GitHub's or GitLab's: signs alerts as both do, DER in
 * base64.
 */
final class AlertSigner {

  private final KeyPair keyPair;

  private AlertSigner(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  static AlertSigner p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new AlertSigner(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

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

  /** A key-set document listing only this key, as the webhook fetches GitHub's and GitLab's. */
  String keySetDocument(String keyIdentifier) {
    return KeySetDocument.of(keyIdentifier, keyPair.getPublic());
  }
}
