package dev.rootkey.webhook.usage;

import java.time.Instant;
import java.util.Map;

/** Writes one replica's report of one RootKey's key uses. */
public interface KeyUsageWriter {

  /**
   * Records these key ids' last uses (RFC 3339) as of {@code reportedAt}; throws if it was not
   * written, so that they are sent again.
   */
  void write(RootKeyRef rootKey, Map<String, String> lastUsed, Instant reportedAt);
}
