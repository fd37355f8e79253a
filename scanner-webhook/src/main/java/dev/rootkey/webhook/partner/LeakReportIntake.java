package dev.rootkey.webhook.partner;

import java.util.function.Function;

/** Takes a host's signed leak report in: verifies the signature first, then reads the body. */
public final class LeakReportIntake {

  private final SignedRequestVerifier verifier;
  private final LeakReportParser parser;

  public LeakReportIntake(SignedRequestVerifier verifier, LeakReportParser parser) {
    this.verifier = verifier;
    this.parser = parser;
  }

  /**
   * @param header case-insensitive header lookup, see {@link SignedRequestVerifier#verify}
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
