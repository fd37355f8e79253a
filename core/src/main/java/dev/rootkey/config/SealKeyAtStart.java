package dev.rootkey.config;

import dev.rootkey.key.RecordSeal;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service's record seal key, read before anything starts: without a usable one it never does. */
public final class SealKeyAtStart {

  private static final Logger log = LoggerFactory.getLogger(SealKeyAtStart.class);

  private SealKeyAtStart() {}

  /**
   * The key in {@code env}; a missing or unusable one ends the JVM with status 2 and one ERROR line
   * naming the variable. Fail closed: records sealed with no key or another could neither be
   * verified nor told from forged ones.
   */
  public static RecordSeal fromEnvironmentOrExit(Map<String, String> env) {
    try {
      return RecordSeal.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      log.error("{}", e.getMessage());
      System.exit(2);
      throw e;
    }
  }
}
