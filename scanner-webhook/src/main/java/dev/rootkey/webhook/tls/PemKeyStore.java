package dev.rootkey.webhook.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Turns a PEM certificate chain and private key into an in-memory key store Jetty can serve. */
public final class PemKeyStore {

  public static final String ALIAS = "scanner-webhook";

  /**
   * The key store never leaves the process; Jetty's key manager still insists on a password, so it
   * gets this one.
   */
  public static final String PASSWORD = "in-memory";

  private static final byte[] PROBE =
      "rootkey key/certificate match".getBytes(StandardCharsets.UTF_8);

  private PemKeyStore() {}

  /** Reads both files; anything wrong is a {@link TlsFileException} naming the file. */
  public static KeyStore load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = readChain(certFile);
    PrivateKey key = readKey(keyFile);
    if (!matches(key, chain.get(0).getPublicKey(), keyFile)) {
      throw new TlsFileException(
          "TLS_KEY_FILE", keyFile, "the key does not belong to the certificate in " + certFile);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsFileException("TLS_CERT_FILE", certFile, "cannot be stored: " + e, e);
    }
  }

  private static List<X509Certificate> readChain(Path certFile) {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser pem = parser(certFile)) {
      for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsFileException("TLS_CERT_FILE", certFile, "unreadable PEM: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new TlsFileException("TLS_CERT_FILE", certFile, "no PEM CERTIFICATE block found");
    }
    return chain;
  }

  private static PrivateKey readKey(Path keyFile) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser pem = parser(keyFile)) {
      for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
        if (object instanceof PEMKeyPair pair) {
          // Only the private half: a SEC1 EC key may leave out its public key.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMEncryptedKeyPair
            || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new TlsFileException(
              "TLS_KEY_FILE", keyFile, "the key is encrypted; an unencrypted key is needed");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof TlsFileException tls) {
        throw tls;
      }
      throw new TlsFileException("TLS_KEY_FILE", keyFile, "unreadable PEM: " + e.getMessage(), e);
    }
    throw new TlsFileException("TLS_KEY_FILE", keyFile, "no PEM private key block found");
  }

  private static PEMParser parser(Path file) throws IOException {
    Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
    return new PEMParser(reader);
  }

  /**
   * A key store takes any key with any certificate; a mismatched pair would only show as failed
   * handshakes, so it is caught here by signing with the key and verifying with the certificate.
   */
  private static boolean matches(PrivateKey key, PublicKey certified, Path keyFile) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default ->
              throw new TlsFileException(
                  "TLS_KEY_FILE", keyFile, "unsupported key algorithm " + key.getAlgorithm());
        };
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A key of another type than the certificate's lands here.
      return false;
    }
  }
}
