package dev.rootkey.helm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * The scanner-webhook's public Service called from the test JVM by its ClusterIP over HTTPS,
 * trusting only the chart's CA. Connected by address (there is no cluster DNS), so the host name
 * check is explicit: the certificate must name the Service's DNS name.
 */
final class WebhookEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** subjectAltName type of a DNS name (RFC 5280, GeneralName dNSName). */
  private static final int DNS_NAME = 2;

  private final URI base;
  private final String serviceDnsName;
  private final SSLContext tls;

  private WebhookEndpoint(URI base, String serviceDnsName, SSLContext tls) {
    this.base = base;
    this.serviceDnsName = serviceDnsName;
    this.tls = tls;
  }

  /**
   * @param caPem the chart's CA (ca.crt of its TLS Secret): the only certificate trusted
   */
  static WebhookEndpoint of(String clusterIp, int port, String serviceDnsName, String caPem) {
    return new WebhookEndpoint(
        URI.create("https://" + clusterIp + ":" + port), serviceDnsName, trustingOnly(caPem));
  }

  /**
   * What the webhook answered. The body may hold a key (GitHub's labels echo tokens): never print
   * it.
   */
  record Response(int status, String body) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        // Not the body itself: it may hold a key.
        throw new IllegalStateException("the answer (status " + status + ") is not JSON");
      }
    }
  }

  /** POSTs {@code body} (JSON) to {@code path} with these extra headers. */
  Response post(String path, byte[] body, Map<String, String> headers) {
    try {
      HttpsURLConnection connection =
          (HttpsURLConnection) base.resolve(path).toURL().openConnection();
      connection.setSSLSocketFactory(tls.getSocketFactory());
      connection.setHostnameVerifier((host, session) -> namesTheService(session));
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(10_000);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      headers.forEach(connection::setRequestProperty);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      connection.disconnect();
      return new Response(status, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The code {@code POST /v2/keys.verifyKey} answers for this key: VALID, REVOKED, NOT_FOUND...
   * Fails on any status but 200 (e.g. 503 while a new pod still loads RootKeys).
   */
  String verify(String key) {
    byte[] request;
    try {
      request = JSON.writeValueAsBytes(Map.of("key", key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Response response = post("/v2/keys.verifyKey", request, Map.of());
    if (response.status() != 200) {
      throw new IllegalStateException("keys.verifyKey answered " + response.status());
    }
    return response.json().path("data").path("code").asText();
  }

  /** Whether the server's certificate names the Service (the chain was checked against the CA). */
  private boolean namesTheService(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (!(chain[0] instanceof X509Certificate leaf)) {
        return false;
      }
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      return names != null
          && names.stream()
              .anyMatch(n -> Objects.equals(n.get(0), DNS_NAME) && serviceDnsName.equals(n.get(1)));
    } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
      return false;
    }
  }

  private static SSLContext trustingOnly(String caPem) {
    try {
      X509Certificate ca =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("rootkey-webhook-ca", ca);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the chart's CA cannot be trusted", e);
    }
  }
}
