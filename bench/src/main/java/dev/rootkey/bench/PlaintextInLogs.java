package dev.rootkey.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plaintext of no key appears in any log: neither the token nor its base64 (as a Secret's data
 * holds it). Each log is cut into token-shaped and base64-shaped words that are looked up, so that
 * thousands of keys cost one pass over each log.
 */
final class PlaintextInLogs {

  private static final Pattern TOKEN_SHAPED = Pattern.compile("[A-Za-z0-9_]{20,}");
  private static final Pattern BASE64_SHAPED = Pattern.compile("[A-Za-z0-9+/]{20,}={0,2}");

  private PlaintextInLogs() {}

  static List<String> violations(Collection<Path> logs, Collection<String> tokens)
      throws IOException {
    Map<String, String> needles = new HashMap<>();
    for (String token : tokens) {
      needles.put(token, "a key");
      needles.put(
          Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)),
          "a key's base64");
    }
    List<String> violations = new ArrayList<>();
    for (Path log : logs) {
      if (!Files.exists(log)) {
        continue;
      }
      try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          number++;
          // A base64 word without + or / is token-shaped too: one report per word and line.
          Set<String> reported = new HashSet<>();
          for (Pattern shape : new Pattern[] {TOKEN_SHAPED, BASE64_SHAPED}) {
            Matcher words = shape.matcher(line);
            while (words.find()) {
              String what = lookUp(needles, words.group());
              if (what != null && reported.add(words.group())) {
                // The token's first characters only: the report must not leak it either.
                violations.add(
                    log.getFileName()
                        + ":"
                        + number
                        + " holds "
                        + what
                        + " ("
                        + words.group().substring(0, 8)
                        + "...)");
              }
            }
          }
        }
      }
    }
    return violations;
  }

  /**
   * The needle {@code word} is, or ends with after an underscore ({@code secret_rk_...} is a word
   * of this shape too).
   */
  private static String lookUp(Map<String, String> needles, String word) {
    String found = needles.get(word);
    for (int i = word.indexOf('_'); found == null && i >= 0; i = word.indexOf('_', i + 1)) {
      found = needles.get(word.substring(i + 1));
    }
    return found;
  }
}
