package dev.rootkey.webhook.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made up for a test, issuing server certificates for 127.0.0.1. */
public final class TestingCertificates {

  /** How a private key is written: PKCS#8 ("PRIVATE KEY") or the algorithm's own (PKCS#1/SEC1). */
  public enum KeyFormat {
    PKCS8,
    TRADITIONAL
  }

  /** A certificate and its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {}

  private final Issued ca;

  private TestingCertificates(Issued ca) {
    this.ca = ca;
  }

  public static TestingCertificates newCa() {
    KeyPair keys = keyPair("EC");
    X500Name name = new X500Name("CN=rootkey test CA");
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(Instant.now().minus(Duration.ofHours(1))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            name,
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestingCertificates(new Issued(sign(builder, keys), keys));
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** A server certificate for IP 127.0.0.1 and DNS localhost with an EC key. */
  public Issued issue(BigInteger serial) {
    return issue(serial, "EC");
  }

  /** A server certificate for IP 127.0.0.1 and DNS localhost with a key of this algorithm. */
  public Issued issue(BigInteger serial, String keyAlgorithm) {
    KeyPair keys = keyPair(keyAlgorithm);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            serial,
            Date.from(Instant.now().minus(Duration.ofHours(1))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            new X500Name("CN=localhost"),
            keys.getPublic());
    try {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Issued(sign(builder, ca.keys()), keys);
  }

  /** Writes both PEM files, each replaced whole, as a renewal by cert-manager would. */
  public static void write(Issued issued, Path certFile, Path keyFile, KeyFormat format) {
    replace(certFile, pem(issued.certificate()));
    Object key =
        switch (format) {
          case PKCS8 -> pkcs8(issued);
          case TRADITIONAL -> traditional(issued.keys().getPrivate());
        };
    replace(keyFile, pem(key));
  }

  /** A client TLS context trusting only this CA. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JDK encodes an EC key with its curve outside the SEC1 structure, so written as is it would
   * lose the curve; Bouncy Castle's copy keeps it inside, as openssl writes it.
   */
  private static PrivateKey traditional(PrivateKey key) {
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), new BouncyCastleProvider())
          .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JcaPKCS8Generator pkcs8(Issued issued) {
    try {
      return new JcaPKCS8Generator(issued.keys().getPrivate(), null);
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PEM text of a certificate, key or PKCS#8 generator. */
  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void replace(Path file, String content) {
    try {
      Path temporary =
          Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (algorithm.equals("RSA")) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      String algorithm =
          signer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      ContentSigner contentSigner =
          new JcaContentSignerBuilder(algorithm).build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
