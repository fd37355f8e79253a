package dev.rootkey.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the operator's own validation. */
public final class ApiPatterns {

  /** Token prefix: no underscore, so the first '_' of a token always ends the prefix. */
  public static final String PREFIX = "^[a-z][a-z0-9]{1,15}$";

  /** A permission: dot-separated segments, each a name or the wildcard '*'. */
  public static final String PERMISSION = "^([A-Za-z0-9_-]+|\\*)(\\.([A-Za-z0-9_-]+|\\*))*$";

  /** A Secret name: a DNS subdomain. */
  public static final String SECRET_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key in a Secret's data map. */
  public static final String SECRET_DATA_KEY = "^[-._a-zA-Z0-9]+$";

  /** A Go-style duration, as kubectl and every Kubernetes API use: 90s, 15m, 1h30m, 720h, 0s. */
  public static final String DURATION = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+)$";

  /** An RFC 3339 instant. */
  public static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

  /**
   * The shape of a CIDR block, IPv4 or IPv6: the schema's first line of defence; the exact rules
   * (address valid, no bits after the prefix) are in {@code dev.rootkey.net.Cidrs}.
   */
  public static final String CIDR_SHAPE = "^[0-9A-Fa-f:.]+/[0-9]{1,3}$";

  private ApiPatterns() {}
}
