package dev.rootkey.webhook.partner;

import java.util.List;

/** A leak report verified and read, or refused with the status to answer. */
public sealed interface Intake permits Intake.Accepted, Rejection {

  /**
   * @param keyIdentifier the host's key that signed it
   * @param matches in request order; the answer has one verdict per match, in the same order
   */
  record Accepted(String keyIdentifier, List<ReportedToken> matches) implements Intake {

    public Accepted {
      matches = List.copyOf(matches);
    }
  }
}
