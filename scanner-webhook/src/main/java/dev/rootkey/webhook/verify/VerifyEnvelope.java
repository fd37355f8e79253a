package dev.rootkey.webhook.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Response bodies in the envelope of Unkey's v2 API: {@code {"meta": {"requestId"}, "data": ...}}
 * for every verdict, {@code {"meta": ..., "error": {"title", "detail", "status", "type"}}} for a
 * request that could not be judged. Absent values are left out, never sent as null.
 */
public sealed interface VerifyEnvelope {

  Meta meta();

  /** The verdict; HTTP 200 whatever it is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Success(Meta meta, Data data) implements VerifyEnvelope {

    static Success of(String requestId, Verification verification) {
      boolean found = verification.keyId() != null;
      return new Success(
          new Meta(requestId),
          new Data(
              verification.valid(),
              verification.code().name(),
              verification.keyId(),
              found ? new RootKeyRef(verification.namespace(), verification.name()) : null,
              verification.permissions(),
              verification.expiresAt() == null ? null : verification.expiresAt().toString()));
    }
  }

  /** A request that could not be judged: 400 malformed, 503 index not loaded yet. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Failure(Meta meta, Problem error) implements VerifyEnvelope {}

  record Meta(String requestId) {}

  /**
   * @param expiresAt RFC 3339, as in RootKey status (Unkey sends {@code expires} in Unix
   *     milliseconds)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Data(
      boolean valid,
      String code,
      String keyId,
      RootKeyRef rootKey,
      List<String> permissions,
      String expiresAt) {}

  record RootKeyRef(String namespace, String name) {}

  /**
   * An RFC 9457 problem, as Unkey's errors are.
   *
   * @param type {@code about:blank}: the status and title say it all
   */
  record Problem(String title, String detail, int status, String type) {

    static Problem of(int status, String title, String detail) {
      return new Problem(title, detail, status, "about:blank");
    }
  }
}
