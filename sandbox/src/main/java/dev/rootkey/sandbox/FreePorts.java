package dev.rootkey.sandbox;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks the ports asked for before anything starts, so a port in use is reported with the flag
 * that changes it rather than as a failure deep inside a server.
 */
final class FreePorts {

  private FreePorts() {}

  /** {@code port} (0: any, nothing to check) can be listened on at 127.0.0.1. */
  static void require(int port, String flag, String what) {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65535) {
      throw new CliError(flag + " " + port + " is not a port: pass 1-65535, or 0 for any free one");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw inUse(port, flag, what, e);
    }
  }

  /** The error for a port that could not be listened on. */
  static CliError inUse(int port, String flag, String what, IOException e) {
    String reason =
        e instanceof BindException && "Address already in use".equals(e.getMessage())
            ? "in use (by another sandbox?); stop what holds it"
            : OneLineErrors.describe(e);
    return new CliError(
        "cannot listen on 127.0.0.1:"
            + port
            + " for the "
            + what
            + " ("
            + flag
            + "): "
            + reason
            + ", or pass "
            + flag
            + " 0 for any free port");
  }
}
