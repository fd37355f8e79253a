package dev.rootkey.webhook.partner;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads one PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) into a JDK public key. */
public final class PemPublicKeyReader {

  private final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();

  /** Empty when the text holds no PEM public key or one the platform cannot use. */
  public Optional<PublicKey> read(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (parser.readObject() instanceof SubjectPublicKeyInfo info) {
        return Optional.of(converter.getPublicKey(info));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // A malformed entry is reported as absent: the caller skips it and keeps the other keys.
      return Optional.empty();
    }
  }
}
