package dev.rootkey.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void healthyWhenHealthzAnswers200OnThePortTheVariableNames() throws IOException {
    int port = serve(HttpServer.create(loopback(), 0), 200);

    assertThat(HealthCheck.isHealthy(Map.of("HTTP_PORT", String.valueOf(port)), "HTTP_PORT", 1))
        .isTrue();
  }

  @Test
  void theDefaultPortServesWhenTheVariableIsUnset() throws IOException {
    int port = serve(HttpServer.create(loopback(), 0), 200);

    assertThat(HealthCheck.isHealthy(Map.of(), "HTTP_PORT", port)).isTrue();
  }

  @Test
  void unhealthyWhenHealthzAnswersAnythingElse() throws IOException {
    int port = serve(HttpServer.create(loopback(), 0), 503);

    assertThat(HealthCheck.isHealthy(Map.of("PORT", String.valueOf(port)), "PORT", 1)).isFalse();
  }

  @Test
  void unhealthyWhenNothingListens() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    assertThat(HealthCheck.isHealthy(Map.of(), "PORT", port)).isFalse();
  }

  @Test
  void withTlsCertFileSetItSpeaksHttpsAndTrustsTheServedCertificate() throws Exception {
    Path served = certificate("served");
    int port = serveTls(served, 200);

    assertThat(HealthCheck.isHealthy(tlsEnv(port, served.resolveSibling("served.pem")), "PORT", 1))
        .isTrue();
  }

  @Test
  void withTlsCertFileSetAnotherCertificateIsNotTrusted() throws Exception {
    Path served = certificate("served");
    Path other = certificate("other");
    int port = serveTls(served, 200);

    assertThat(HealthCheck.isHealthy(tlsEnv(port, other.resolveSibling("other.pem")), "PORT", 1))
        .isFalse();
  }

  private static Map<String, String> tlsEnv(int port, Path pem) {
    return Map.of("PORT", String.valueOf(port), "TLS_CERT_FILE", pem.toString());
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private int serve(HttpServer created, int status) {
    server = created;
    server.createContext(
        "/healthz",
        exchange -> {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  private int serveTls(Path keyStore, int status) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(loopback(), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    return serve(https, status);
  }

  /** A self-signed certificate for a Service name (not 127.0.0.1), made by the JDK's keytool. */
  private Path certificate(String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "san=dns:scanner-webhook.rootkey.svc",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        name,
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit",
        "-file",
        dir.resolve(name + ".pem").toString());
    return store;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
