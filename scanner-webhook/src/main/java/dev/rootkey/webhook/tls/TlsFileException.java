package dev.rootkey.webhook.tls;

import java.nio.file.Path;

/** A certificate or key file that cannot be served, with the file named in the message. */
public final class TlsFileException extends RuntimeException {

  public TlsFileException(String variable, Path file, String problem) {
    super(variable + " " + file + ": " + problem);
  }

  public TlsFileException(String variable, Path file, String problem, Throwable cause) {
    super(variable + " " + file + ": " + problem, cause);
  }
}
