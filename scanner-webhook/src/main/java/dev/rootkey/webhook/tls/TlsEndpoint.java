package dev.rootkey.webhook.tls;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The webhook's HTTPS side: Jetty's TLS context from PEM files, reloaded when the files change. */
public final class TlsEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TlsEndpoint.class);

  private final TlsConfig config;
  private final ScheduledExecutorService scheduler;
  private final SslContextFactory.Server sslContextFactory;
  private byte[] seen;
  private ScheduledFuture<?> watch;

  /** Loads the certificate and key now, so that a bad file fails the start. */
  public TlsEndpoint(TlsConfig config, ScheduledExecutorService scheduler) {
    this.config = config;
    this.scheduler = scheduler;
    this.seen = fingerprint();
    KeyStore keyStore = PemKeyStore.load(config.certFile(), config.keyFile());
    this.sslContextFactory = new SslContextFactory.Server();
    sslContextFactory.setKeyStore(keyStore);
    sslContextFactory.setKeyStorePassword(PemKeyStore.PASSWORD);
    sslContextFactory.setKeyManagerPassword(PemKeyStore.PASSWORD);
    sslContextFactory.setIncludeProtocols(config.minVersion().protocols().toArray(String[]::new));
    log.info(
        "serving HTTPS (TLS {}+) with certificate {} (serial {}, expires {})",
        config.minVersion(),
        config.certFile(),
        serial(keyStore),
        leaf(keyStore).getNotAfter().toInstant());
  }

  /**
   * Makes this endpoint the only connector, on {@code host:port}, of the app being configured:
   * Javalin adds its plain one only when none was added, and gives {@code start(host, port)}'s
   * address to that one only. Each app served this way shares the certificate and its reloads.
   */
  public void serve(JavalinConfig config, String host, int port) {
    config.jetty.addConnector((server, http) -> connector(server, http, host, port));
  }

  /** An HTTPS-only connector on {@code host:port} with Javalin's HTTP settings. */
  public ServerConnector connector(
      Server server, HttpConfiguration httpConfiguration, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(httpConfiguration);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // The certificate names the Service; proxies and probes send other Host headers (the public
    // host, the pod IP), which Jetty would otherwise refuse as not matching the SNI name.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(sslContextFactory, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /** Checks the files every reload interval and serves a renewed certificate to new connections. */
  public synchronized void watch() {
    if (watch == null) {
      long millis = config.reloadInterval().toMillis();
      watch =
          scheduler.scheduleWithFixedDelay(
              this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Content, not modification times or file events: Kubernetes updates a mounted Secret by swapping
   * a symlink, which leaves the watched paths' own attributes untouched.
   */
  synchronized void reloadIfChanged() {
    byte[] now;
    try {
      now = fingerprint();
    } catch (RuntimeException e) {
      log.error(
          "cannot read the TLS files, still serving the previous certificate: {}", e.getMessage());
      return;
    }
    if (Arrays.equals(now, seen)) {
      return;
    }
    // Remembered before loading: a broken pair is reported once, and retried when a file changes.
    seen = now;
    try {
      KeyStore renewed = PemKeyStore.load(config.certFile(), config.keyFile());
      sslContextFactory.reload(factory -> factory.setKeyStore(renewed));
      log.info(
          "reloaded TLS certificate {} (serial {}, expires {})",
          config.certFile(),
          serial(renewed),
          leaf(renewed).getNotAfter().toInstant());
    } catch (Exception e) {
      log.error(
          "TLS certificate reload failed, still serving the previous certificate: {}",
          e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.cancel(false);
    }
  }

  private byte[] fingerprint() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(read(config.certFile(), "TLS_CERT_FILE"));
      sha256.update((byte) 0);
      sha256.update(read(config.keyFile(), "TLS_KEY_FILE"));
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path file, String variable) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsFileException(variable, file, "cannot be read: " + e, e);
    }
  }

  private static X509Certificate leaf(KeyStore keyStore) {
    try {
      return (X509Certificate) keyStore.getCertificate(PemKeyStore.ALIAS);
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String serial(KeyStore keyStore) {
    return leaf(keyStore).getSerialNumber().toString(16);
  }
}
