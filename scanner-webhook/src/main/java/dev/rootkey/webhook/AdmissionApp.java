package dev.rootkey.webhook;

import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.tls.TlsEndpoint;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.Optional;

/**
 * Builds the admission webhook's HTTP application, without starting it: only the two admission
 * endpoints, on a port of their own that the chart exposes to the API server alone (its own
 * Service, never the Ingress), so that what reaches the public port cannot answer or record for the
 * API server. Everything else is 404 here.
 */
public final class AdmissionApp {

  private final RootKeyAdmission admission;
  private final RequestLimits limits;
  private final String host;
  private final int port;
  private final Optional<TlsEndpoint> tls;

  /**
   * @param tls the public port's endpoint: the same certificate, TLS versions and reloads (the API
   *     server calls admission webhooks over HTTPS only)
   */
  public AdmissionApp(
      RootKeyAdmission admission,
      RequestLimits limits,
      String host,
      int port,
      Optional<TlsEndpoint> tls) {
    this.admission = admission;
    this.limits = limits;
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  /** The app, listening on the constructor's host and port once {@code start()}ed. */
  public Javalin create() {
    Javalin app = Javalin.create(this::configure);
    app.post(RootKeyAdmission.MUTATE_PATH, admission::mutate);
    app.post(RootKeyAdmission.VALIDATE_PATH, admission::validate);
    return app;
  }

  /** The one place the admission server's settings are made. */
  private void configure(JavalinConfig config) {
    // An AdmissionReview holds the object twice (old and new) at most: far below the limit.
    limits.applyTo(config);
    config.showJavalinBanner = false;
    // Where the plain connector listens, and with TLS the only, HTTPS, connector.
    config.jetty.defaultHost = host;
    config.jetty.defaultPort = port;
    tls.ifPresent(endpoint -> endpoint.serve(config, host, port));
  }
}
