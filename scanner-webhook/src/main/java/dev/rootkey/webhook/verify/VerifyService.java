package dev.rootkey.webhook.verify;

import java.util.function.Supplier;

/**
 * {@code POST /v2/keys.verifyKey} and {@code POST /v2/keys.whoami} without HTTP types: reads the
 * body, finds the caller, verifies, and says what to answer. verifyKey: 200 for every verdict, 400
 * for a body that is not a request, 503 while the key index is loading (a miss then would wrongly
 * say NOT_FOUND). whoami: 200 with the key's details, 404 for a key that would not verify for being
 * unknown, revoked or called from outside its allowed addresses, 400 and 503 as verifyKey. An
 * endpoint passes the raw body and the request's origin, then sends the reply's status and body as
 * JSON. The caller's address is worked out only if the key's RootKey restricts addresses.
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

  public VerifyReply handle(byte[] body, RequestOrigin origin) {
    String requestId = requestIds.get();
    VerifyRequestParse parse = parser.parse(body);
    if (parse instanceof VerifyRequestParse.Malformed malformed) {
      counts.recordBadRequest();
      return badRequest(requestId, malformed);
    }
    if (!verifier.isReady()) {
      counts.recordUnavailable();
      return unavailable(requestId);
    }
    VerifyRequest request = ((VerifyRequestParse.Parsed) parse).request();
    Verification verification =
        verifier.verify(request.key(), request.permissions(), () -> caller(origin));
    return new VerifyReply(200, VerifyEnvelope.Success.of(requestId, verification));
  }

  /** {@code keys.whoami}: the key's own details, counted nowhere, changing nothing. */
  public VerifyReply whoami(byte[] body, RequestOrigin origin) {
    String requestId = requestIds.get();
    VerifyRequestParse parse = parser.parseWhoami(body);
    if (parse instanceof VerifyRequestParse.Malformed malformed) {
      return badRequest(requestId, malformed);
    }
    if (!verifier.isReady()) {
      return unavailable(requestId);
    }
    VerifyRequest request = ((VerifyRequestParse.Parsed) parse).request();
    Verification verification = verifier.inspect(request.key(), () -> caller(origin));
    // A revoked key is gone, as a deleted key is to Unkey's whoami; a caller outside the RootKey's
    // allowedCidrs may not use the key, so it does not read about it either. Both answer as an
    // unknown key does, so the answer does not tell which it was.
    if (!verification.found()
        || verification.code() == VerificationCode.REVOKED
        || verification.code() == VerificationCode.FORBIDDEN) {
      return failure(requestId, 404, "Not Found", "We could not find the requested key.");
    }
    return new VerifyReply(200, VerifyEnvelope.KeyInfo.of(requestId, verification));
  }

  private CallerAddress caller(RequestOrigin origin) {
    return trustedProxies.resolve(origin.peer(), origin.forwardedFor());
  }

  private static VerifyReply badRequest(String requestId, VerifyRequestParse.Malformed malformed) {
    return new VerifyReply(
        400,
        new VerifyEnvelope.Failure(
            new VerifyEnvelope.Meta(requestId), VerifyEnvelope.Problem.badRequest(malformed)));
  }

  private static VerifyReply unavailable(String requestId) {
    return failure(
        requestId, 503, "Service Unavailable", "the key index is still loading; retry in a moment");
  }

  private static VerifyReply failure(String requestId, int status, String title, String detail) {
    return new VerifyReply(
        status,
        new VerifyEnvelope.Failure(
            new VerifyEnvelope.Meta(requestId), VerifyEnvelope.Problem.of(status, title, detail)));
  }
}
