package dev.rootkey.operator.issuance;

import dev.rootkey.api.v1alpha1.ApiPatterns;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import java.util.ArrayList;
import java.util.List;
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

  /** Every problem found, empty when the spec is valid. */
  public List<String> problems(RootKeySpec spec) {
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
    return problems;
  }
}
