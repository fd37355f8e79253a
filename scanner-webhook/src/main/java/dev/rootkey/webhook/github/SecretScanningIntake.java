package dev.rootkey.webhook.github;

import java.util.function.Function;

/** Takes a secret-scanning request in: verifies the signature first, then reads the body. */
public final class SecretScanningIntake {

  private final GitHubRequestVerifier verifier;
  private final SecretScanningAlertParser parser;

  public SecretScanningIntake(GitHubRequestVerifier verifier, SecretScanningAlertParser parser) {
    this.verifier = verifier;
    this.parser = parser;
  }

  /**
   * @param header case-insensitive header lookup, see {@link GitHubRequestVerifier#verify}
   * @param body the body exactly as received
   */
  public Intake receive(Function<String, String> header, byte[] body) {
    RequestVerification verification = verifier.verify(header, body);
    if (verification instanceof Rejection rejection) {
      return rejection;
    }
    String keyIdentifier = ((RequestVerification.Verified) verification).keyIdentifier();
    // Only now is the body trusted enough to be parsed.
    AlertParse parse = parser.parse(body);
    if (parse instanceof AlertParse.Malformed malformed) {
      return new Rejection(400, malformed.message());
    }
    return new Intake.Accepted(keyIdentifier, ((AlertParse.Parsed) parse).matches());
  }
}
