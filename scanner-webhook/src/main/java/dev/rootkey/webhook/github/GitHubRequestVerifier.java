package dev.rootkey.webhook.github;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Decides whether a request was signed by GitHub, from its two headers and its raw body. */
public final class GitHubRequestVerifier {

  public static final String KEY_IDENTIFIER_HEADER = "Github-Public-Key-Identifier";
  public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

  private final GitHubPublicKeys keys;
  private final GitHubSignatureVerifier signatures;

  public GitHubRequestVerifier(GitHubPublicKeys keys, GitHubSignatureVerifier signatures) {
    this.keys = keys;
    this.signatures = signatures;
  }

  /**
   * @param header the request's header value by name, or null; names must match case-insensitively,
   *     as HTTP requires and as server lookups such as Javalin's {@code ctx::header} do (older
   *     senders use upper case, HTTP/2 lower case)
   * @param body the body exactly as received
   */
  public RequestVerification verify(Function<String, String> header, byte[] body) {
    Optional<String> keyIdentifier = present(header.apply(KEY_IDENTIFIER_HEADER));
    if (keyIdentifier.isEmpty()) {
      return new Rejection(400, "missing " + KEY_IDENTIFIER_HEADER + " header");
    }
    Optional<String> signature = present(header.apply(SIGNATURE_HEADER));
    if (signature.isEmpty()) {
      return new Rejection(400, "missing " + SIGNATURE_HEADER + " header");
    }
    Optional<PublicKey> key = keys.find(keyIdentifier.get());
    if (key.isEmpty()) {
      if (!keys.isLoaded()) {
        // We cannot tell a forgery from a genuine alert yet: ask GitHub to deliver again.
        return new Rejection(503, "GitHub's public keys are not available yet");
      }
      return new Rejection(401, "unknown " + KEY_IDENTIFIER_HEADER);
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
