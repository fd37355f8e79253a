package dev.rootkey.sandbox;

/**
 * An admission webhook's warning as the API server passes it on: a {@code Warning} header of code
 * 299 (RFC 7234), which kubectl prints as "Warning: ...". The text is the webhook's, so it is kept
 * to one line of printable ASCII and quoted here whatever it holds.
 */
final class AdmissionWarnings {

  private AdmissionWarnings() {}

  static String header(String warning) {
    StringBuilder quoted = new StringBuilder("299 - \"");
    for (int i = 0; i < warning.length(); i++) {
      char c = warning.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        quoted.append('?');
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
