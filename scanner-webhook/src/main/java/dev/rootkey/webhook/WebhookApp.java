package dev.rootkey.webhook;

import dev.rootkey.webhook.github.SecretScanningIntake;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.leak.LeakRecorder;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** Builds the scanner-webhook's HTTP application from its parts, without starting it. */
public final class WebhookApp {

  public static final String SECRET_SCANNING_PATH = "/github/secret-scanning";

  private final SecretScanningIntake intake;
  private final KeyIndex index;
  private final LeakRecorder recorder;
  private final long maxRequestBytes;

  public WebhookApp(
      SecretScanningIntake intake, KeyIndex index, LeakRecorder recorder, long maxRequestBytes) {
    this.intake = intake;
    this.index = index;
    this.recorder = recorder;
    this.maxRequestBytes = maxRequestBytes;
  }

  public Javalin create() {
    Javalin app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = maxRequestBytes;
              config.showJavalinBanner = false;
            });
    app.post(SECRET_SCANNING_PATH, new SecretScanningEndpoint(intake, index, recorder));
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
