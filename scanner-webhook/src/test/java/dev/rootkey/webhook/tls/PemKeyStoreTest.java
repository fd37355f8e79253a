package dev.rootkey.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.webhook.tls.TestingCertificates.Issued;
import dev.rootkey.webhook.tls.TestingCertificates.KeyFormat;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemKeyStoreTest {

  private static final TestingCertificates CA = TestingCertificates.newCa();

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} key as {1}")
  @CsvSource({"EC, PKCS8", "EC, TRADITIONAL", "RSA, PKCS8", "RSA, TRADITIONAL"})
  void aKeyInPkcs8OrItsTraditionalFormIsLoadedWithItsCertificate(String algorithm, KeyFormat format)
      throws Exception {
    Issued issued = CA.issue(BigInteger.valueOf(7), algorithm);
    TestingCertificates.write(issued, cert(), key(), format);
    if (format == KeyFormat.TRADITIONAL) {
      assertThat(Files.readString(key())).startsWith("-----BEGIN " + algorithm + " PRIVATE KEY");
    }

    KeyStore store = PemKeyStore.load(cert(), key());

    assertThat(((X509Certificate) store.getCertificate(PemKeyStore.ALIAS)).getSerialNumber())
        .isEqualTo(BigInteger.valueOf(7));
    // load() has signed with the key and verified with the certificate: it is that certificate's.
    assertThat(store.getKey(PemKeyStore.ALIAS, PemKeyStore.PASSWORD.toCharArray()).getAlgorithm())
        .isEqualTo(algorithm);
  }

  @Test
  void theIntermediatesAfterTheLeafAreKeptInTheChain() throws Exception {
    Issued issued = CA.issue(BigInteger.TWO);
    TestingCertificates.write(issued, cert(), key(), KeyFormat.PKCS8);
    Files.writeString(
        cert(), Files.readString(cert()) + TestingCertificates.pem(CA.caCertificate()));

    KeyStore store = PemKeyStore.load(cert(), key());

    assertThat(store.getCertificateChain(PemKeyStore.ALIAS)).hasSize(2);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
    TestingCertificates.write(CA.issue(BigInteger.ONE), cert(), key(), KeyFormat.PKCS8);
    Path otherKey = dir.resolve("other.key");
    TestingCertificates.write(
        CA.issue(BigInteger.TEN), dir.resolve("other.crt"), otherKey, KeyFormat.PKCS8);

    assertThatThrownBy(() -> PemKeyStore.load(cert(), otherKey))
        .isInstanceOf(TlsFileException.class)
        .hasMessageContaining("TLS_KEY_FILE " + otherKey)
        .hasMessageContaining("does not belong to the certificate in " + cert());
  }

  @Test
  void aFileWithoutACertificateIsRefusedNamingIt() throws Exception {
    TestingCertificates.write(CA.issue(BigInteger.ONE), cert(), key(), KeyFormat.PKCS8);
    Files.writeString(cert(), "not a certificate\n");

    assertThatThrownBy(() -> PemKeyStore.load(cert(), key()))
        .isInstanceOf(TlsFileException.class)
        .hasMessage("TLS_CERT_FILE " + cert() + ": no PEM CERTIFICATE block found");
  }

  @Test
  void aCertificateFileHoldingOnlyAKeyHasNoKeyWhereTheKeyShouldBe() throws Exception {
    TestingCertificates.write(CA.issue(BigInteger.ONE), cert(), key(), KeyFormat.PKCS8);

    assertThatThrownBy(() -> PemKeyStore.load(cert(), cert()))
        .isInstanceOf(TlsFileException.class)
        .hasMessage("TLS_KEY_FILE " + cert() + ": no PEM private key block found");
  }

  @Test
  void aMissingKeyFileIsRefusedNamingIt() {
    TestingCertificates.write(CA.issue(BigInteger.ONE), cert(), key(), KeyFormat.PKCS8);
    Path missing = dir.resolve("missing.key");

    assertThatThrownBy(() -> PemKeyStore.load(cert(), missing))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("TLS_KEY_FILE " + missing + ": unreadable PEM");
  }

  private Path cert() {
    return dir.resolve("tls.crt");
  }

  private Path key() {
    return dir.resolve("tls.key");
  }
}
