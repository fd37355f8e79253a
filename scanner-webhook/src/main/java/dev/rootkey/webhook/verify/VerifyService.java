package dev.rootkey.webhook.verify;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v2/keys.verifyKey} without HTTP types: reads the body, finds the caller, verifies,
 * and says what to answer. 200 for every verdict, 400 for a body that is not a request, 503 while
 * the key index is loading (a miss then would wrongly say NOT_FOUND). An endpoint passes the raw
 * body, the socket's remote address and every {@code X-Forwarded-For} value, then sends the reply's
 * status and body as JSON.
 */
public final class VerifyService {

  private final VerifyRequestParser parser;
  private final KeyVerifier verifier;
  private final TrustedProxies trustedProxies;
  private final VerificationCounts counts;
  private final Supplier<String> requestIds;

  public VerifyService(
      VerifyRequestParser parser,
      KeyVerifier verifier,
      TrustedProxies trustedProxies,
      VerificationCounts counts,
      Supplier<String> requestIds) {
    this.parser = parser;
    this.verifier = verifier;
    this.trustedProxies = trustedProxies;
    this.counts = counts;
    this.requestIds = requestIds;
  }

  public VerifyReply handle(byte[] body, InetAddress peer, List<String> forwardedFor) {
    String requestId = requestIds.get();
    VerifyRequestParse parse = parser.parse(body);
    if (parse instanceof VerifyRequestParse.Malformed malformed) {
      counts.recordBadRequest();
      return failure(requestId, 400, "Bad Request", malformed.message());
    }
    if (!verifier.isReady()) {
      counts.recordUnavailable();
      return failure(
          requestId,
          503,
          "Service Unavailable",
          "the key index is still loading; retry in a moment");
    }
    VerifyRequest request = ((VerifyRequestParse.Parsed) parse).request();
    CallerAddress caller = trustedProxies.resolve(peer, forwardedFor);
    Verification verification = verifier.verify(request.key(), request.permissions(), caller);
    return new VerifyReply(200, VerifyEnvelope.Success.of(requestId, verification));
  }

  private static VerifyReply failure(String requestId, int status, String title, String detail) {
    return new VerifyReply(
        status,
        new VerifyEnvelope.Failure(
            new VerifyEnvelope.Meta(requestId), VerifyEnvelope.Problem.of(status, title, detail)));
  }
}
