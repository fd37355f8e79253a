package dev.rootkey.webhook;

import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.admission.RootKeyReviews;
import dev.rootkey.webhook.tls.TestingCertificates;
import dev.rootkey.webhook.tls.TestingCertificates.KeyFormat;
import dev.rootkey.webhook.tls.TlsConfig;
import dev.rootkey.webhook.tls.TlsFileException;
import dev.rootkey.webhook.tls.TlsVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The real webhook over HTTPS with a certificate from a CA made up for the test. */
@EnableKubernetesMockClient(crud = true)
class ScannerWebhookTlsTest {

  private static final TestingCertificates CA = TestingCertificates.newCa();
  private static final Duration RELOAD = Duration.ofMillis(200);
  private static final RecordSeal SEAL = RecordSeal.random(new SecureRandom());

  KubernetesClient client;
  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ScannerWebhook webhook;

  @BeforeEach
  void captureLogs() {
    rootLogger().addAppender(logs);
    logs.start();
    TestingCertificates.write(CA.issue(BigInteger.valueOf(1001)), cert(), key(), KeyFormat.PKCS8);
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
    rootLogger().detachAppender(logs);
  }

  @Test
  void aClientTrustingTheCaIsAnsweredOverTls13() throws Exception {
    webhook = start(TlsVersion.TLS_1_3);

    HttpResponse<String> health =
        HttpClient.newBuilder()
            .sslContext(CA.clientContext())
            .build()
            .send(
                HttpRequest.newBuilder(https("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.sslSession()).map(SSLSession::getProtocol).contains("TLSv1.3");
    assertThat(logs.list)
        .noneMatch(e -> e.getFormattedMessage().contains(ScannerWebhook.PLAIN_HTTP_WARNING));
  }

  @Test
  void aTls12OnlyClientIsRefusedByDefault() {
    webhook = start(TlsVersion.TLS_1_3);

    assertThatThrownBy(() -> handshake("TLSv1.2")).isInstanceOf(SSLHandshakeException.class);
    assertThat(handshakeQuietly("TLSv1.3").getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void aTls12OnlyClientIsServedWhenTls12IsOptedIn() throws Exception {
    webhook = start(TlsVersion.TLS_1_2);

    assertThat(handshake("TLSv1.2").getProtocol()).isEqualTo("TLSv1.2");
    assertThat(handshake("TLSv1.3").getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    webhook = start(TlsVersion.TLS_1_3);
    assertThat(servedSerial()).isEqualTo(BigInteger.valueOf(1001));

    TestingCertificates.write(CA.issue(BigInteger.valueOf(1002)), cert(), key(), KeyFormat.PKCS8);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> servedSerial().equals(BigInteger.valueOf(1002)));
    assertThat(servedSerial(webhook.admissionPort().getAsInt()))
        .as("the admission port serves the same, renewed, certificate")
        .isEqualTo(BigInteger.valueOf(1002));
    assertThat(logs.list)
        .anyMatch(
            e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("reloaded TLS"));
  }

  @Test
  void aBrokenRenewalIsReportedAndThePreviousCertificateKeepsBeingServed() throws Exception {
    webhook = start(TlsVersion.TLS_1_3);

    Files.writeString(cert(), "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                List.copyOf(logs.list).stream()
                    .anyMatch(
                        e ->
                            e.getLevel() == Level.ERROR
                                && e.getFormattedMessage().contains("TLS_CERT_FILE " + cert())));
    assertThat(servedSerial()).isEqualTo(BigInteger.valueOf(1001));
  }

  /** BIND_ADDRESS, PORT and ADMISSION_PORT hold with TLS as without: one interface, given ports. */
  @Test
  void withTlsTheConfiguredAddressAndPortsAreTheOnesListenedOn() throws Exception {
    int port;
    int admission;
    try (ServerSocket one = new ServerSocket(0);
        ServerSocket two = new ServerSocket(0)) {
      port = one.getLocalPort();
      admission = two.getLocalPort();
    }
    webhook =
        ScannerWebhook.start(
            client,
            config(
                port,
                OptionalInt.of(admission),
                Optional.of(new TlsConfig(cert(), key(), TlsVersion.TLS_1_3, RELOAD))),
            SEAL,
            Clock.systemUTC());

    assertThat(webhook.port()).isEqualTo(port);
    assertThat(webhook.admissionPort()).hasValue(admission);
    assertThat(servedSerial(port)).isEqualTo(BigInteger.valueOf(1001));
    assertThat(servedSerial(admission)).isEqualTo(BigInteger.valueOf(1001));
    for (int listening : List.of(port, admission)) {
      assertThatThrownBy(() -> new Socket("127.0.0.2", listening).close())
          .as("127.0.0.2:%s, another address than BIND_ADDRESS", listening)
          .isInstanceOf(ConnectException.class);
    }
  }

  /**
   * The API server calls admission webhooks over HTTPS only: the admission endpoints are served on
   * their own port with the public port's certificate and TLS versions, and the public port does
   * not know them.
   */
  @Test
  void theAdmissionEndpointsAreServedOverTlsOnTheirOwnPortAndNotOnThePublicOne() throws Exception {
    webhook = start(TlsVersion.TLS_1_3);
    int admission = webhook.admissionPort().getAsInt();
    assertThat(admission).isNotEqualTo(webhook.port());
    HttpClient trusting = HttpClient.newBuilder().sslContext(CA.clientContext()).build();
    String review =
        RootKeyReviews.request(
            "CREATE",
            "payments",
            null,
            Serialization.jsonMapper()
                .readTree(
                    "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\","
                        + "\"metadata\":{\"name\":\"billing\",\"namespace\":\"payments\"},"
                        + "\"spec\":{\"permissions\":[\"api.*.verify_key\"]}}"),
            "alice",
            List.of("platform-team"),
            true);

    for (String path : List.of(RootKeyAdmission.MUTATE_PATH, RootKeyAdmission.VALIDATE_PATH)) {
      HttpResponse<String> served = trusting.send(post(admission, path, review), ofString());
      assertThat(served.statusCode()).as(path).isEqualTo(200);
      assertThat(served.body()).contains("\"allowed\":true");
      assertThat(served.sslSession()).map(SSLSession::getProtocol).contains("TLSv1.3");

      assertThat(trusting.send(post(webhook.port(), path, review), ofString()).statusCode())
          .as("%s on the public port", path)
          .isEqualTo(404);
    }
    assertThat(servedSerial(admission)).isEqualTo(BigInteger.valueOf(1001));
    assertThatThrownBy(() -> handshake(admission, "TLSv1.2"))
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + admission
                                        + RootKeyAdmission.VALIDATE_PATH))
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(review))
                            .build(),
                        ofString()))
        .as("plain HTTP to the admission port")
        .isInstanceOf(IOException.class);
  }

  @Test
  void plainHttpToTheTlsPortGetsNoAnswer() {
    webhook = start(TlsVersion.TLS_1_3);

    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + webhook.port() + "/healthz"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aBadCertificateFileFailsTheStartNamingTheFile() throws Exception {
    Files.writeString(cert(), "not a certificate\n");

    assertThatThrownBy(() -> start(TlsVersion.TLS_1_3))
        .isInstanceOf(TlsFileException.class)
        .hasMessage("TLS_CERT_FILE " + cert() + ": no PEM CERTIFICATE block found");
  }

  @Test
  void withoutTlsItServesPlainHttpAndSaysSoLoudly() throws Exception {
    webhook = ScannerWebhook.start(client, config(Optional.empty()), SEAL, Clock.systemUTC());

    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + webhook.port() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains(
                      "serving plain HTTP: root keys in verify requests travel unencrypted; set"
                          + " TLS_CERT_FILE and TLS_KEY_FILE");
            });
  }

  private ScannerWebhook start(TlsVersion minVersion) {
    return ScannerWebhook.start(
        client,
        config(Optional.of(new TlsConfig(cert(), key(), minVersion, RELOAD))),
        SEAL,
        Clock.systemUTC());
  }

  private static WebhookConfig config(Optional<TlsConfig> tls) {
    return config(0, OptionalInt.of(0), tls);
  }

  private static WebhookConfig config(
      int port, OptionalInt admissionPort, Optional<TlsConfig> tls) {
    return new WebhookConfig(
        "127.0.0.1",
        port,
        admissionPort,
        URI.create("http://127.0.0.1:9/keys"),
        Optional.empty(),
        Set.of(),
        1024 * 1024,
        "",
        tls);
  }

  private static HttpRequest post(int port, String path, String json) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private SSLSession handshake(String protocol) throws IOException {
    return handshake(webhook.port(), protocol);
  }

  /** A fresh connection each time, so no pooled session hides what the server serves now. */
  private SSLSession handshake(int port, String protocol) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) CA.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(new String[] {protocol});
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return socket.getSession();
    }
  }

  private SSLSession handshakeQuietly(String protocol) {
    try {
      return handshake(protocol);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private BigInteger servedSerial() throws IOException {
    return servedSerial(webhook.port());
  }

  private BigInteger servedSerial(int port) throws IOException {
    return ((X509Certificate) handshake(port, "TLSv1.3").getPeerCertificates()[0])
        .getSerialNumber();
  }

  private URI https(String path) {
    return URI.create("https://127.0.0.1:" + webhook.port() + path);
  }

  private Path cert() {
    return dir.resolve("tls.crt");
  }

  private Path key() {
    return dir.resolve("tls.key");
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
