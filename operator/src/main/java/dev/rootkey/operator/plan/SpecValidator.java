package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.ApiPatterns;
import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyDefaults;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.net.Cidrs;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a RootKey spec the way the CRD schema does, because not every API server enforces the
 * schema (the in-process one of the sandbox and tests does not). Messages are for people.
 */
public class SpecValidator {

  private static final Pattern PREFIX = Pattern.compile(ApiPatterns.PREFIX);
  private static final Pattern PERMISSION = Pattern.compile(ApiPatterns.PERMISSION);
  private static final Pattern SECRET_NAME = Pattern.compile(ApiPatterns.SECRET_NAME);
  private static final Pattern SECRET_DATA_KEY = Pattern.compile(ApiPatterns.SECRET_DATA_KEY);
  private static final Pattern DURATION = Pattern.compile(ApiPatterns.DURATION);
  private static final Pattern RFC3339 = Pattern.compile(ApiPatterns.RFC3339);

  /** Every problem of a RootKey's spec and rotation annotations, empty when all is valid. */
  public List<String> problems(RootKey rootKey) {
    List<String> problems = specProblems(rootKey.getSpec());
    Map<String, String> annotations =
        Objects.requireNonNullElse(rootKey.getMetadata().getAnnotations(), Map.of());
    String grace = annotations.get(RotationAnnotations.ROTATE_GRACE);
    if (grace != null && !isDuration(grace)) {
      problems.add(
          "annotation "
              + RotationAnnotations.ROTATE_GRACE
              + " \""
              + grace
              + "\" is not a duration such as 0s, 90s, 15m or 1h, of at most "
              + RotationPolicy.MAX_DURATION_TEXT);
    }
    return problems;
  }

  /** Every problem found, empty when the spec is valid. */
  public List<String> specProblems(RootKeySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.getPermissions() == null || spec.getPermissions().isEmpty()) {
      problems.add("spec.permissions must list at least one permission, e.g. api.*.verify_key");
    } else {
      for (int i = 0; i < spec.getPermissions().size(); i++) {
        String permission = spec.getPermissions().get(i);
        if (permission == null || !PERMISSION.matcher(permission).matches()) {
          problems.add(
              "spec.permissions["
                  + i
                  + "] \""
                  + permission
                  + "\" is not a permission: use dot-separated segments of letters, digits,"
                  + " '_' and '-', or '*' for a whole segment, e.g. api.*.verify_key");
        }
      }
    }
    if (spec.getPrefix() != null && !PREFIX.matcher(spec.getPrefix()).matches()) {
      problems.add(
          "spec.prefix \""
              + spec.getPrefix()
              + "\" must be 2 to 16 lowercase letters or digits, starting with a letter");
    }
    if (spec.getExpiresAt() != null && !isInstant(spec.getExpiresAt())) {
      problems.add(
          "spec.expiresAt \""
              + spec.getExpiresAt()
              + "\" is not an RFC 3339 time such as 2027-06-01T00:00:00Z");
    }
    RotationSpec rotation = spec.getRotation();
    if (rotation != null) {
      if (rotation.getInterval() != null
          && (!isDuration(rotation.getInterval())
              || RotationPolicy.parseDuration(rotation.getInterval()).isZero())) {
        problems.add(
            "spec.rotation.interval \""
                + rotation.getInterval()
                + "\" is not a positive duration such as 720h or 90m, of at most "
                + RotationPolicy.MAX_DURATION_TEXT);
      }
      if (rotation.getGracePeriod() != null && !isDuration(rotation.getGracePeriod())) {
        problems.add(
            "spec.rotation.gracePeriod \""
                + rotation.getGracePeriod()
                + "\" is not a duration such as 0s, 15m or 1h, of at most "
                + RotationPolicy.MAX_DURATION_TEXT);
      }
      problems.addAll(usageGraceProblems(rotation));
      Integer limit = rotation.getHistoryLimit();
      if (limit != null && (limit < 1 || limit > 100)) {
        problems.add("spec.rotation.historyLimit " + limit + " must be between 1 and 100");
      }
    }
    problems.addAll(restartTargetProblems(spec.getRestartTargets()));
    problems.addAll(allowedCidrProblems(spec.getAllowedCidrs()));
    SecretTarget secret = spec.getSecret();
    if (secret != null) {
      if (secret.getName() != null
          && (secret.getName().length() > 253
              || !SECRET_NAME.matcher(secret.getName()).matches())) {
        problems.add(
            "spec.secret.name \""
                + secret.getName()
                + "\" is not a valid Secret name (lowercase DNS subdomain)");
      }
      if (secret.getKey() != null
          && (secret.getKey().length() > 253
              || !SECRET_DATA_KEY.matcher(secret.getKey()).matches())) {
        problems.add(
            "spec.secret.key \""
                + secret.getKey()
                + "\" is not a valid Secret data key (letters, digits, '-', '_' and '.')");
      }
    }
    if (secret != null && secret.getPreviousKey() != null) {
      if (!SECRET_DATA_KEY.matcher(secret.getPreviousKey()).matches()) {
        problems.add(
            "spec.secret.previousKey \""
                + secret.getPreviousKey()
                + "\" is not a valid Secret data key (letters, digits, '-', '_' and '.')");
      } else if (secret
          .getPreviousKey()
          .equals(Objects.requireNonNullElse(secret.getKey(), RootKeyDefaults.SECRET_DATA_KEY))) {
        problems.add("spec.secret.previousKey must differ from spec.secret.key");
      }
    }
    return problems;
  }

  /**
   * maxGracePeriod and idleTimeout read as gracePeriod does; idleTimeout is positive (a key used
   * now must count as in use) and maxGracePeriod at least the grace period it extends.
   */
  private static List<String> usageGraceProblems(RotationSpec rotation) {
    List<String> problems = new ArrayList<>();
    String maxGrace = rotation.getMaxGracePeriod();
    if (maxGrace != null) {
      String grace =
          Objects.requireNonNullElse(rotation.getGracePeriod(), RootKeyDefaults.GRACE_PERIOD);
      if (!isDuration(maxGrace)) {
        problems.add(
            "spec.rotation.maxGracePeriod \""
                + maxGrace
                + "\" is not a duration such as 15m, 24h or 168h, of at most "
                + RotationPolicy.MAX_DURATION_TEXT);
      } else if (isDuration(grace)
          && RotationPolicy.parseDuration(maxGrace).compareTo(RotationPolicy.parseDuration(grace))
              < 0) {
        problems.add(
            "spec.rotation.maxGracePeriod \""
                + maxGrace
                + "\" is shorter than spec.rotation.gracePeriod \""
                + grace
                + "\"; it must be at least as long");
      }
    }
    String idle = rotation.getIdleTimeout();
    if (idle != null && (!isDuration(idle) || RotationPolicy.parseDuration(idle).isZero())) {
      problems.add(
          "spec.rotation.idleTimeout \""
              + idle
              + "\" is not a positive duration such as 30s, 5m or 1h, of at most "
              + RotationPolicy.MAX_DURATION_TEXT);
    }
    return problems;
  }

  private static List<String> restartTargetProblems(List<RestartTarget> targets) {
    List<String> problems = new ArrayList<>();
    if (targets == null) {
      return problems;
    }
    for (int i = 0; i < targets.size(); i++) {
      RestartTarget target = targets.get(i);
      String where = "spec.restartTargets[" + i + "]";
      if (target == null || target.getKind() == null) {
        problems.add(where + ".kind must be Deployment, StatefulSet or DaemonSet");
      } else if ((target.getName() == null) == (target.getSelector() == null)) {
        problems.add(where + " must set exactly one of name and selector");
      }
    }
    return problems;
  }

  private static List<String> allowedCidrProblems(List<String> cidrs) {
    List<String> problems = new ArrayList<>();
    if (cidrs == null) {
      return problems;
    }
    if (cidrs.size() > 64) {
      problems.add("spec.allowedCidrs has " + cidrs.size() + " entries; at most 64 are allowed");
    }
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i);
      int index = i;
      Cidrs.problem(cidr)
          .ifPresent(
              problem ->
                  problems.add("spec.allowedCidrs[" + index + "] \"" + cidr + "\" " + problem));
    }
    return problems;
  }

  /** A duration of at most {@link RotationPolicy#MAX_DURATION}, which the schema cannot bound. */
  private static boolean isDuration(String value) {
    if (!DURATION.matcher(value).matches()) {
      return false;
    }
    try {
      return RotationPolicy.parseDuration(value).compareTo(RotationPolicy.MAX_DURATION) <= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isInstant(String value) {
    if (!RFC3339.matcher(value).matches()) {
      return false;
    }
    try {
      RotationPolicy.parseInstant(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
