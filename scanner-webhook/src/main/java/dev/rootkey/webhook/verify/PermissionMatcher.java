package dev.rootkey.webhook.verify;

import java.util.List;

/**
 * Decides whether a RootKey's granted permissions cover a requested one, segment by segment.
 *
 * <p>Rules: both are dot-separated segments; they match when they have the same number of segments
 * and each granted segment is either equal to the requested one (case-sensitive) or {@code *},
 * which stands for exactly one whole segment. So {@code api.*.verify_key} grants {@code
 * api.payments.verify_key} but not {@code api.verify_key} or {@code api.a.b.verify_key}, and {@code
 * api.*} does not grant {@code api.a.b}. There are no partial-segment wildcards ({@code api.pay*})
 * and no multi-segment wildcard ({@code **}). A {@code *} in a request is not a wildcard: it is
 * matched as a literal segment, so a request for {@code api.*.verify_key} (every API) is granted
 * only where the grant has {@code *} in that place, never by {@code api.payments.verify_key}. Empty
 * segments never match anything.
 */
public final class PermissionMatcher {

  private PermissionMatcher() {}

  /** Whether any granted pattern covers the requested permission. */
  public static boolean grants(List<String> granted, String requested) {
    if (granted == null || !isPermission(requested)) {
      return false;
    }
    for (int i = 0; i < granted.size(); i++) {
      String pattern = granted.get(i);
      if (pattern != null && matches(pattern, requested)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a string is a permission: dot-separated segments of letters, digits, {@code _} and
   * {@code -}, or {@code *}; the same rule as the CRD schema's, without a regex.
   */
  public static boolean isPermission(String permission) {
    if (permission == null || permission.isEmpty()) {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= permission.length(); i++) {
      if (i == permission.length() || permission.charAt(i) == '.') {
        int length = i - segmentStart;
        if (length == 0) {
          return false;
        }
        if (length > 1 || permission.charAt(segmentStart) != '*') {
          for (int j = segmentStart; j < i; j++) {
            if (!isNameCharacter(permission.charAt(j))) {
              return false;
            }
          }
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  // Walks both strings in step with indexOf, so a match allocates nothing.
  private static boolean matches(String pattern, String requested) {
    int p = 0;
    int r = 0;
    while (true) {
      int patternEnd = segmentEnd(pattern, p);
      int requestedEnd = segmentEnd(requested, r);
      int patternLength = patternEnd - p;
      int requestedLength = requestedEnd - r;
      if (patternLength == 0 || requestedLength == 0) {
        return false;
      }
      boolean wildcard = patternLength == 1 && pattern.charAt(p) == '*';
      if (!wildcard
          && (patternLength != requestedLength
              || !pattern.regionMatches(p, requested, r, patternLength))) {
        return false;
      }
      boolean patternDone = patternEnd == pattern.length();
      boolean requestedDone = requestedEnd == requested.length();
      if (patternDone || requestedDone) {
        return patternDone && requestedDone;
      }
      p = patternEnd + 1;
      r = requestedEnd + 1;
    }
  }

  private static int segmentEnd(String permission, int from) {
    int dot = permission.indexOf('.', from);
    return dot < 0 ? permission.length() : dot;
  }

  private static boolean isNameCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }
}
