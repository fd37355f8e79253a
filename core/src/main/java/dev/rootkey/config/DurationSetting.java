package dev.rootkey.config;

import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A duration set in the environment, written as the chart's values write them: whole numbers with
 * {@code ms}, {@code s}, {@code m} or {@code h}, one or more, as in {@code 500ms}, {@code 10s} or
 * {@code 1m30s}. Go's notation without its fractions, signs and microsecond units, the same the
 * chart's schema accepts, so a value that installs is a value that starts; anything else ({@code
 * 2}, {@code 1d}, {@code -2s}, {@code 2s5}) stops the start naming the variable, never read as
 * something near it.
 */
public final class DurationSetting {

  // The whole value, strictly: Fabric8's parser, which reads it, also takes what the chart refuses.
  private static final Pattern WHOLE_UNITS = Pattern.compile("(\\d+(ms|s|m|h))+");

  private DurationSetting() {}

  /**
   * {@code variable}'s duration, or {@code fallback} when it is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable and the value when it is not a duration
   */
  public static Duration read(Map<String, String> env, String variable, Duration fallback) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return parse(variable, value);
  }

  /**
   * @throws IllegalArgumentException naming the variable and the value when it is not a duration
   */
  public static Duration parse(String variable, String value) {
    String text = value.strip();
    if (WHOLE_UNITS.matcher(text).matches()) {
      try {
        return io.fabric8.kubernetes.api.model.Duration.parse(text).getDuration();
      } catch (ParseException | ArithmeticException | NumberFormatException tooLong) {
        // More than a long holds: refused below like any other value that is no duration.
      }
    }
    throw new IllegalArgumentException(
        variable + " must be a duration such as 2s, 5m or 1m30s, not '" + value + "'");
  }
}
