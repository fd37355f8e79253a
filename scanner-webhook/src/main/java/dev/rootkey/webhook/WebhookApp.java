package dev.rootkey.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.tls.TlsEndpoint;
import dev.rootkey.webhook.verify.RequestOrigin;
import dev.rootkey.webhook.verify.VerifyReply;
import dev.rootkey.webhook.verify.VerifyService;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the scanner-webhook's public HTTP application from its parts, without starting it:
 * GitHub's and GitLab's leak reports, verification, health and metrics. The admission endpoints are
 * not here but on their own port ({@link AdmissionApp}): whoever reaches this one (the Ingress, any
 * workload) must not be able to answer for the API server.
 */
public final class WebhookApp {

  public static final String SECRET_SCANNING_PATH = "/github/secret-scanning";
  public static final String GITLAB_SECRET_DETECTION_PATH = "/gitlab/secret-detection";
  public static final String VERIFY_KEY_PATH = "/v2/keys.verifyKey";
  public static final String WHOAMI_PATH = "/v2/keys.whoami";

  // The mapper ctx.json() would use; verification writes its bytes itself, skipping the String.
  private static final ObjectMapper JSON = JavalinJackson.defaultMapper();

  private final PartnerAlertEndpoint alerts;
  private final Optional<PartnerAlertEndpoint> gitlabAlerts;
  private final Optional<TokenRevocationApi> revocation;
  private final KeyIndex index;
  private final VerifyService verify;
  private final PrometheusMeterRegistry meters;
  private final RequestLimits limits;
  private final String host;
  private final int port;
  private final Optional<TlsEndpoint> tls;

  /**
   * @param gitlabAlerts GitLab's partner alerts, when configured; otherwise their path is 404
   * @param revocation the Token Revocation API, when configured; otherwise its paths are 404
   */
  public WebhookApp(
      PartnerAlertEndpoint alerts,
      Optional<PartnerAlertEndpoint> gitlabAlerts,
      Optional<TokenRevocationApi> revocation,
      KeyIndex index,
      VerifyService verify,
      PrometheusMeterRegistry meters,
      RequestLimits limits,
      String host,
      int port,
      Optional<TlsEndpoint> tls) {
    this.alerts = alerts;
    this.gitlabAlerts = gitlabAlerts;
    this.revocation = revocation;
    this.index = index;
    this.verify = verify;
    this.meters = meters;
    this.limits = limits;
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  /** The app, listening on the constructor's host and port once {@code start()}ed. */
  public Javalin create() {
    Javalin app =
        Javalin.create(
            config -> {
              limits.applyTo(config);
              config.showJavalinBanner = false;
              // Where the plain connector listens, and with TLS the only, HTTPS, connector.
              config.jetty.defaultHost = host;
              config.jetty.defaultPort = port;
              tls.ifPresent(endpoint -> endpoint.serve(config, host, port));
            });
    app.post(SECRET_SCANNING_PATH, alerts);
    gitlabAlerts.ifPresent(endpoint -> app.post(GITLAB_SECRET_DETECTION_PATH, endpoint));
    revocation.ifPresent(
        api -> {
          app.get(TokenRevocationApi.REVOCABLE_TOKEN_TYPES_PATH, api::types);
          app.post(TokenRevocationApi.REVOKE_TOKENS_PATH, api::revoke);
        });
    // Unkey's SDKs send "Authorization: Bearer <Unkey root key>"; it is never read here (see
    // docs/verification.md), so it is neither checked nor logged.
    app.post(VERIFY_KEY_PATH, ctx -> reply(ctx, verify::handle));
    app.post(WHOAMI_PATH, ctx -> reply(ctx, verify::whoami));
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

  private void reply(Context ctx, VerifyCall call) throws IOException {
    VerifyReply reply = call.answer(limits.body(ctx), new ContextOrigin(ctx));
    ctx.status(reply.status())
        .contentType(ContentType.APPLICATION_JSON)
        .result(JSON.writeValueAsBytes(reply.body()));
  }

  /** The origin of the request being handled, read from it only if asked. */
  private record ContextOrigin(Context ctx) implements RequestOrigin {
    @Override
    public InetAddress peer() {
      try {
        // Jetty gives the peer as an address literal, which is parsed, never looked up.
        return InetAddress.getByName(ctx.req().getRemoteAddr());
      } catch (UnknownHostException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public List<String> forwardedFor() {
      return Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
    }
  }

  /** One of {@link VerifyService}'s calls: body and origin in, reply out. */
  private interface VerifyCall {
    VerifyReply answer(byte[] body, RequestOrigin origin);
  }
}
