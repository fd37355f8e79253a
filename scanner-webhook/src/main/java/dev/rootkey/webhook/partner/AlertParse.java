package dev.rootkey.webhook.partner;

import java.util.List;

/** The body of a verified alert request read as matches, or why it cannot be. */
public sealed interface AlertParse {

  record Parsed(List<ReportedToken> matches) implements AlertParse {

    public Parsed {
      matches = List.copyOf(matches);
    }
  }

  /**
   * @param message what is wrong, safe to send back in a 400 and to log: it never quotes the body
   */
  record Malformed(String message) implements AlertParse {}
}
