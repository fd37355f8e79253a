package dev.rootkey.webhook;

import dev.rootkey.webhook.gitlab.GitLab;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import dev.rootkey.webhook.http.PerCallerRateLimiter;
import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.AlertParse;
import dev.rootkey.webhook.partner.LeakReportParser;
import dev.rootkey.webhook.partner.ReportedToken;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitLab's Token Revocation API for self-managed GitLab: {@code GET /v1/revocable_token_types} and
 * {@code POST /v1/revoke_tokens}, authenticated by a pre-shared token in {@code Authorization}.
 * Answers as GitLab's specification says: 204 accepted, 400 do not retry, 429 retry later, 401 not
 * authenticated. Rate-limited per caller address, as the specification asks, after the token is
 * checked: requests without it are refused before they can spend a caller's budget.
 */
public final class TokenRevocationApi {

  public static final String REVOCABLE_TOKEN_TYPES_PATH = "/v1/revocable_token_types";
  public static final String REVOKE_TOKENS_PATH = "/v1/revoke_tokens";

  /**
   * Our token type: GitLab names a finding's type {@code gitleaks_rule_id_} + the rule id of the
   * custom secret-detection rule ({@code rootkey_root_key}); the bare name is the one GitHub knows.
   */
  public static final List<String> TOKEN_TYPES =
      List.of("gitleaks_rule_id_rootkey_root_key", "rootkey_root_key");

  /** How long GitLab is asked to wait before sending again a request we could not record. */
  static final Duration RETRY_AFTER_NOT_RECORDED = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(TokenRevocationApi.class);
  private static final Reporter REPORTER = Reporter.GITLAB_SELF_MANAGED;

  private final PreSharedToken token;
  private final LeakReports reports;
  private final WebhookMetrics metrics;
  private final PerCallerRateLimiter limiter;
  private final LeakReportParser parser = new LeakReportParser(GitLab.REVOCATION_FORMAT);

  TokenRevocationApi(
      PreSharedToken token,
      LeakReports reports,
      WebhookMetrics metrics,
      PerCallerRateLimiter limiter) {
    this.token = token;
    this.reports = reports;
    this.metrics = metrics;
    this.limiter = limiter;
  }

  /** {@code GET /v1/revocable_token_types}: {@code {"types": [...]}}. */
  public void types(Context ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    ctx.json(Map.of("types", TOKEN_TYPES));
  }

  /** {@code POST /v1/revoke_tokens}: {@code [{type, token, location}]}. */
  public void revoke(Context ctx) throws UnknownHostException {
    // Before the body is read: an unauthenticated caller learns nothing and changes nothing.
    if (!authenticated(ctx)) {
      return;
    }
    String sender = reports.senderOf(ctx);
    Optional<Duration> wait = limiter.acquire(sender);
    if (wait.isPresent()) {
      retryLater(ctx, wait.get(), "too many requests from this caller, send again later");
      return;
    }
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      refuse(ctx, HttpStatus.BAD_REQUEST, "Content-Type must be application/json");
      return;
    }
    AlertParse parse = parser.parse(ctx.bodyAsBytes());
    if (parse instanceof AlertParse.Malformed malformed) {
      refuse(ctx, HttpStatus.BAD_REQUEST, malformed.message());
      return;
    }
    List<ReportedToken> matches = ((AlertParse.Parsed) parse).matches();
    for (int i = 0; i < matches.size(); i++) {
      if (!TOKEN_TYPES.contains(matches.get(i).type())) {
        // The specification: an unsupported type refuses the whole request, not to be retried.
        refuse(
            ctx,
            HttpStatus.BAD_REQUEST,
            "element " + i + ": type is not one of " + REVOCABLE_TOKEN_TYPES_PATH);
        return;
      }
    }
    if (!reports.isReady()) {
      retryLater(ctx, RETRY_AFTER_NOT_RECORDED, "not ready: RootKeys are still being loaded");
      return;
    }
    try {
      reports.judge(matches, REPORTER, sender);
    } catch (RuntimeException e) {
      log.error("Could not record a leak; answering 429 so GitLab sends it again", e);
      retryLater(ctx, RETRY_AFTER_NOT_RECORDED, "could not record the leak, send again");
      return;
    }
    metrics.request(REPORTER, "answered");
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private boolean authenticated(Context ctx) {
    if (token.isCarriedBy(ctx.header("Authorization"))) {
      return true;
    }
    refuse(ctx, HttpStatus.UNAUTHORIZED, "missing or wrong Authorization token");
    return false;
  }

  /** 429 is the specification's "retry later": GitLab sends the request again. */
  private void retryLater(Context ctx, Duration wait, String message) {
    // Whole seconds, rounded up, and never 0: GitLab must not come back before a slot is free.
    long seconds = Math.max(1, wait.plusSeconds(1).minusNanos(1).toSeconds());
    ctx.header("Retry-After", String.valueOf(seconds));
    refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, message);
  }

  private void refuse(Context ctx, HttpStatus status, String message) {
    log.warn("Refused a Token Revocation API request: {} {}", status.getCode(), message);
    metrics.request(REPORTER, "rejected_" + status.getCode());
    ctx.status(status).json(Map.of("message", message));
  }
}
