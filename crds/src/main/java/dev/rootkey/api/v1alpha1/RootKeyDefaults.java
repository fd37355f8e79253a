package dev.rootkey.api.v1alpha1;

/** Defaults of optional spec fields, written into the CRD schema and applied by the operator. */
public final class RootKeyDefaults {

  public static final String PREFIX = "rk";
  public static final String SECRET_DATA_KEY = "ROOT_KEY";

  public static final String GRACE_PERIOD = "1h";
  public static final int HISTORY_LIMIT = 10;

  /** How recent a use of a replaced key keeps it valid past its grace period (maxGracePeriod). */
  public static final String IDLE_TIMEOUT = "5m";

  private RootKeyDefaults() {}
}
