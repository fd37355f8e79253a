package dev.rootkey.webhook.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Response bodies in the envelope of Unkey's v2 API: {@code {"meta": {"requestId"}, "data": ...}}
 * for every verdict and for whoami, {@code {"meta": ..., "error": {"title", "detail", "status",
 * "type", "errors"}}} for a request that could not be answered. Absent values are left out, never
 * sent as null.
 */
public sealed interface VerifyEnvelope {

  Meta meta();

  /** The verdict; HTTP 200 whatever it is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Success(Meta meta, Data data) implements VerifyEnvelope {

    static Success of(String requestId, Verification verification) {
      boolean found = verification.found();
      return new Success(
          new Meta(requestId),
          new Data(
              verification.valid(),
              verification.code().name(),
              verification.keyId(),
              verification.displayName(),
              found ? verification.enabled() : null,
              verification.permissions(),
              epochMillis(verification.expiresAt()),
              found ? new RootKeyRef(verification.namespace(), verification.name()) : null,
              verification.expiresAt() == null ? null : verification.expiresAt().toString()));
    }
  }

  /** {@code keys.whoami}: what the holder of a key may learn about it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record KeyInfo(Meta meta, Key data) implements VerifyEnvelope {

    static KeyInfo of(String requestId, Verification verification) {
      return new KeyInfo(
          new Meta(requestId),
          new Key(
              verification.keyId(),
              verification.start(),
              verification.enabled(),
              verification.displayName(),
              epochMillis(parsedOrNull(verification.createdAt())),
              epochMillis(verification.expiresAt()),
              verification.permissions(),
              new RootKeyRef(verification.namespace(), verification.name())));
    }
  }

  /** A request that could not be answered: 400 malformed, 404 no such key, 503 still loading. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Failure(Meta meta, Problem error) implements VerifyEnvelope {}

  record Meta(String requestId) {}

  /**
   * Unkey's verifyKey data, plus our {@code rootKey} and {@code expiresAt}.
   *
   * @param name the RootKey's displayName (its name if none)
   * @param enabled Unkey's flag: false for a revoked key
   * @param expires Unix milliseconds, as Unkey
   * @param expiresAt the same instant in RFC 3339, as in RootKey status
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Data(
      boolean valid,
      String code,
      String keyId,
      String name,
      Boolean enabled,
      List<String> permissions,
      Long expires,
      RootKeyRef rootKey,
      String expiresAt) {}

  /**
   * Unkey's whoami data (its required {@code keyId}, {@code start}, {@code enabled}, {@code
   * createdAt}), plus our {@code rootKey}; instants in Unix milliseconds.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Key(
      String keyId,
      String start,
      boolean enabled,
      String name,
      Long createdAt,
      Long expires,
      List<String> permissions,
      RootKeyRef rootKey) {}

  record RootKeyRef(String namespace, String name) {}

  /**
   * An RFC 9457 problem, as Unkey's errors are; a 400 also lists what is wrong where, in Unkey's
   * {@code errors}, which its SDKs require.
   *
   * @param type {@code about:blank}: the status and title say it all
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Problem(String title, String detail, int status, String type, List<FieldError> errors) {

    static Problem of(int status, String title, String detail) {
      return new Problem(title, detail, status, "about:blank", null);
    }

    static Problem badRequest(VerifyRequestParse.Malformed malformed) {
      return new Problem(
          "Bad Request",
          malformed.message(),
          400,
          "about:blank",
          List.of(new FieldError(malformed.location(), malformed.fieldMessage(), malformed.fix())));
    }
  }

  /** Unkey's ValidationError: where, what, and how to fix it when we can say. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FieldError(String location, String message, String fix) {}

  // Before 1970 (an unreadable expiry counts as the distant past) is sent as 0: still in the past,
  // and within Unkey's minimum; past what milliseconds hold, as the largest there is.
  /** An RFC 3339 instant as recorded, or null when there is none or it does not parse. */
  private static Instant parsedOrNull(String rfc3339) {
    if (rfc3339 == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Long epochMillis(Instant instant) {
    if (instant == null) {
      return null;
    }
    if (instant.isBefore(Instant.EPOCH)) {
      return 0L;
    }
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
