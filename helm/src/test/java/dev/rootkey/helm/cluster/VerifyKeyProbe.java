package dev.rootkey.helm.cluster;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a workload in the cluster does to check a key: POST /v2/keys.verifyKey to the webhook's
 * Service over HTTPS, trusting only the CA copied from the chart (file CA_FILE), for the key in
 * ROOT_KEY. Prints the answer (which never holds the key) and exits 0 only for VALID. Runs in a pod
 * of the scanner-webhook image: JDK only, one class file, no nested classes.
 */
public final class VerifyKeyProbe {

  /** The line the answer is printed on starts with this. */
  public static final String ANSWER = "verifyKey answered ";

  private VerifyKeyProbe() {}

  public static void main(String[] args) throws Exception {
    String key = System.getenv("ROOT_KEY");
    URI url = URI.create(System.getenv("VERIFY_URL"));
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream ca = Files.newInputStream(Path.of(System.getenv("CA_FILE")))) {
      trusted.setCertificateEntry(
          "rootkey-webhook-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    HttpClient http =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + escaped(key) + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The answer names the key by id only; replacing it anyway keeps a surprise out of the log.
    String answer = response.body().replace(key, "<the key>");
    System.out.println(ANSWER + response.statusCode() + ": " + answer);
    boolean valid = response.statusCode() == 200 && answer.contains("\"code\":\"VALID\"");
    System.exit(valid ? 0 : 1);
  }

  /** The key as a JSON string's content. */
  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
