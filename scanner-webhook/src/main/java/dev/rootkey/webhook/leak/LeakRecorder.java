package dev.rootkey.webhook.leak;

import dev.rootkey.webhook.github.SecretScanningMatch;
import dev.rootkey.webhook.index.IndexedKey;

/** Durably records that one of our keys leaked, once however often it is reported. */
public interface LeakRecorder {

  /** Who the records say reported the leak. */
  String REPORTER = "github-secret-scanning";

  /**
   * Returns once the record is stored (or was already); throws if it could not be, so the caller
   * can have the reporter deliver again.
   *
   * @return true when this report created the record, false when the key was reported before
   */
  boolean record(IndexedKey key, String tokenHash, SecretScanningMatch match);
}
