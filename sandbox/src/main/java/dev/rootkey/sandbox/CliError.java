package dev.rootkey.sandbox;

/**
 * A failure the user can fix: its message is one line that says what went wrong and which flag or
 * file fixes it, and it is printed as it is, without a stack trace.
 */
final class CliError extends RuntimeException {

  CliError(String message) {
    super(message, null, false, false);
  }
}
