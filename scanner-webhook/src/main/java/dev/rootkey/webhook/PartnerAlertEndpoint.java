package dev.rootkey.webhook;

import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.Intake;
import dev.rootkey.webhook.partner.LeakReportIntake;
import dev.rootkey.webhook.partner.Rejection;
import dev.rootkey.webhook.partner.TokenVerdict;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's signed partner alert of tokens found in public places: {@code POST
 * /github/secret-scanning} from GitHub, {@code POST /gitlab/secret-detection} from GitLab. Each of
 * our keys found is durably recorded as a KeyLeak before the host gets its answer.
 */
public final class PartnerAlertEndpoint implements Handler {

  private static final Logger log = LoggerFactory.getLogger(PartnerAlertEndpoint.class);

  private final LeakReportIntake intake;
  private final Reporter reporter;
  private final LeakReports reports;
  private final WebhookMetrics metrics;

  PartnerAlertEndpoint(
      LeakReportIntake intake, Reporter reporter, LeakReports reports, WebhookMetrics metrics) {
    this.intake = intake;
    this.reporter = reporter;
    this.reports = reports;
    this.metrics = metrics;
  }

  @Override
  public void handle(Context ctx) throws UnknownHostException {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      refuse(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
      return;
    }
    // The exact bytes received: the signature covers them, not a re-serialisation.
    Intake received = intake.receive(ctx::header, ctx.bodyAsBytes());
    if (received instanceof Rejection rejection) {
      log.warn(
          "Refused a leak alert from {}: {} {}",
          reporter.wireName(),
          rejection.status(),
          rejection.message());
      metrics.request(reporter, "rejected_" + rejection.status());
      ctx.status(rejection.status()).json(Map.of("message", rejection.message()));
      return;
    }
    if (!reports.isReady()) {
      // A miss would wrongly answer false_positive: have the host deliver again instead.
      refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "not ready: RootKeys are still being loaded");
      return;
    }
    List<TokenVerdict> verdicts;
    try {
      verdicts =
          reports.judge(((Intake.Accepted) received).matches(), reporter, reports.senderOf(ctx));
    } catch (RuntimeException e) {
      // Not every leak is on record: the host must deliver again (recording is idempotent).
      log.error(
          "Could not record a leak; answering 503 so {} delivers again", reporter.wireName(), e);
      refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "could not record the leak, deliver again");
      return;
    }
    metrics.request(reporter, "answered");
    // GitHub reads the verdicts; GitLab needs only the 2xx, and gets the same answer.
    ctx.json(verdicts);
  }

  private void refuse(Context ctx, HttpStatus status, String message) {
    metrics.request(reporter, "rejected_" + status.getCode());
    ctx.status(status).json(Map.of("message", message));
  }
}
