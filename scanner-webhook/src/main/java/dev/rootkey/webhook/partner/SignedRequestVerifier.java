package dev.rootkey.webhook.partner;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Decides whether a request was signed by its host (GitHub, or GitLab which signs the same way
 * under its own header names), from its two headers and its raw body.
 */
public final class SignedRequestVerifier {

  private final PartnerPublicKeys keys;
  private final EcdsaSignatureVerifier signatures;
  private final SignatureHeaders headers;

  public SignedRequestVerifier(
      PartnerPublicKeys keys, EcdsaSignatureVerifier signatures, SignatureHeaders headers) {
    this.keys = keys;
    this.signatures = signatures;
    this.headers = headers;
  }

  /**
   * @param header the request's header value by name, or null; names must match case-insensitively,
   *     as HTTP requires and as server lookups such as Javalin's {@code ctx::header} do (older
   *     senders use upper case, HTTP/2 lower case)
   * @param body the body exactly as received
   */
  public RequestVerification verify(Function<String, String> header, byte[] body) {
    Optional<String> keyIdentifier = present(header.apply(headers.keyIdentifier()));
    if (keyIdentifier.isEmpty()) {
      return new Rejection(400, "missing " + headers.keyIdentifier() + " header");
    }
    Optional<String> signature = present(header.apply(headers.signature()));
    if (signature.isEmpty()) {
      return new Rejection(400, "missing " + headers.signature() + " header");
    }
    Optional<PublicKey> key = keys.find(keyIdentifier.get());
    if (key.isEmpty()) {
      if (!keys.isLoaded()) {
        // We cannot tell a forgery from a genuine alert yet: ask the host to deliver again.
        return new Rejection(503, headers.host() + "'s public keys are not available yet");
      }
      return new Rejection(401, "unknown " + headers.keyIdentifier());
    }
    SignatureCheck check = signatures.verify(key.get(), body, signature.get());
    if (!check.isValid()) {
      return new Rejection(401, check.message());
    }
    return new RequestVerification.Verified(keyIdentifier.get());
  }

  /** A case-insensitive header lookup over a plain map, for callers that hold one. */
  public static Function<String, String> headerLookup(Map<String, String> headers) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return byName::get;
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
