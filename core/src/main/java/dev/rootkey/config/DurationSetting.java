package dev.rootkey.config;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
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

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

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
    Matcher part = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    try {
      while (part.find() && part.start() == end) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
        end = part.end();
      }
    } catch (ArithmeticException | NumberFormatException tooLong) {
      end = -1;
    }
    if (end <= 0 || end != text.length()) {
      throw new IllegalArgumentException(
          variable + " must be a duration such as 2s, 5m or 1m30s, not '" + value + "'");
    }
    return total;
  }
}
