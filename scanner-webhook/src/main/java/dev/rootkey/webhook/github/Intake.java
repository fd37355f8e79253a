package dev.rootkey.webhook.github;

import java.util.List;

/** A secret-scanning request verified and read, or refused with the status to answer. */
public sealed interface Intake permits Intake.Accepted, Rejection {

  /**
   * @param keyIdentifier the GitHub key that signed it
   * @param matches in request order; the answer has one verdict per match, in the same order
   */
  record Accepted(String keyIdentifier, List<SecretScanningMatch> matches) implements Intake {

    public Accepted {
      matches = List.copyOf(matches);
    }
  }
}
