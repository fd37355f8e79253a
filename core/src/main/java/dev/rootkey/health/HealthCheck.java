package dev.rootkey.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The images' HEALTHCHECK: exits 0 when the service on this host answers 200 on /healthz. */
public final class HealthCheck {

  private static final int TIMEOUT_MILLIS = 5_000;

  private HealthCheck() {}

  /**
   * Arguments: the environment variable naming the service's port and its default, e.g. {@code
   * HTTP_PORT 8081}. With {@code TLS_CERT_FILE} set the service speaks HTTPS, checked against that
   * very certificate (an image has no shell to pick a scheme or read a variable).
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: HealthCheck PORT_VARIABLE DEFAULT_PORT");
      System.exit(2);
    }
    System.exit(isHealthy(System.getenv(), args[0], Integer.parseInt(args[1])) ? 0 : 1);
  }

  /** Whether GET /healthz on 127.0.0.1 at the port the environment names answers 200. */
  static boolean isHealthy(Map<String, String> env, String portVariable, int defaultPort) {
    int port =
        Optional.ofNullable(env.get(portVariable))
            .filter(v -> !v.isBlank())
            .map(Integer::parseInt)
            .orElse(defaultPort);
    Optional<Path> certificate =
        Optional.ofNullable(env.get("TLS_CERT_FILE")).filter(v -> !v.isBlank()).map(Path::of);
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              new URL(
                      (certificate.isPresent() ? "https" : "http")
                          + "://127.0.0.1:"
                          + port
                          + "/healthz")
                  .openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(trusting(certificate.get()).getSocketFactory());
        // The certificate names the Service, never 127.0.0.1; trusting only it is the check.
        https.setHostnameVerifier((host, session) -> true);
      }
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      try {
        int status = connection.getResponseCode();
        System.out.println("/healthz: " + status);
        return status == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      System.out.println("/healthz: " + e);
      return false;
    }
  }

  /** A TLS context trusting only the certificates in the service's own PEM file. */
  private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("served-" + i++, c);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
