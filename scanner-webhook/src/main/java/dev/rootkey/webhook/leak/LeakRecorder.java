package dev.rootkey.webhook.leak;

import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.partner.ReportedToken;

/** Durably records that one of our keys leaked, once however often it is reported. */
public interface LeakRecorder {

  /**
   * Returns once the record is stored (or was already); throws if it could not be, so the caller
   * can have the reporter deliver again.
   *
   * @param reporter who reported it; a key reported by two hosts has one record, the first's
   * @return true when this report created the record, false when the key was reported before
   */
  boolean record(IndexedKey key, String tokenHash, ReportedToken match, Reporter reporter);
}
