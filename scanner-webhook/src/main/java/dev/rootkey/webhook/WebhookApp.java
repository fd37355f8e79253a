package dev.rootkey.webhook;

import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.tls.TlsEndpoint;
import dev.rootkey.webhook.verify.VerifyReply;
import dev.rootkey.webhook.verify.VerifyService;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/** Builds the scanner-webhook's HTTP application from its parts, without starting it. */
public final class WebhookApp {

  public static final String SECRET_SCANNING_PATH = "/github/secret-scanning";
  public static final String VERIFY_KEY_PATH = "/v2/keys.verifyKey";

  private final SecretScanningEndpoint alerts;
  private final KeyIndex index;
  private final VerifyService verify;
  private final RootKeyAdmission admission;
  private final PrometheusMeterRegistry meters;
  private final RequestLimits limits;
  private final Optional<TlsEndpoint> tls;

  public WebhookApp(
      SecretScanningEndpoint alerts,
      KeyIndex index,
      VerifyService verify,
      RootKeyAdmission admission,
      PrometheusMeterRegistry meters,
      RequestLimits limits,
      Optional<TlsEndpoint> tls) {
    this.alerts = alerts;
    this.index = index;
    this.verify = verify;
    this.admission = admission;
    this.meters = meters;
    this.limits = limits;
    this.tls = tls;
  }

  public Javalin create() {
    Javalin app =
        Javalin.create(
            config -> {
              limits.applyTo(config);
              config.showJavalinBanner = false;
              // With TLS the HTTPS connector is the only one: Javalin adds its plain connector
              // only when none was added. Host and port are read when the server starts, so they
              // are the ones given to start(host, port).
              tls.ifPresent(
                  endpoint ->
                      config.jetty.addConnector(
                          (server, http) ->
                              endpoint.connector(
                                  server,
                                  http,
                                  config.jetty.defaultHost,
                                  config.jetty.defaultPort)));
            });
    app.post(SECRET_SCANNING_PATH, alerts);
    app.post(
        VERIFY_KEY_PATH,
        ctx -> {
          VerifyReply reply =
              verify.handle(
                  ctx.bodyAsBytes(),
                  InetAddress.getByName(ctx.req().getRemoteAddr()),
                  Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
          ctx.status(reply.status()).json(reply.body());
        });
    app.post(RootKeyAdmission.MUTATE_PATH, admission::mutate);
    app.post(RootKeyAdmission.VALIDATE_PATH, admission::validate);
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.get(
        "/readyz",
        ctx -> {
          if (index.isReady()) {
            ctx.json(Map.of("status", "ready"));
          } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", "loading RootKeys"));
          }
        });
    return app;
  }
}
