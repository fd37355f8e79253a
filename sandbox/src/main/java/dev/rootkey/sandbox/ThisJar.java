package dev.rootkey.sandbox;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How to run this program again from any folder: {@code java -jar} and the jar's own path. */
final class ThisJar {

  private ThisJar() {}

  /**
   * {@code java -jar /absolute/path/rootkey-sandbox.jar}, or the repository's path out of a jar.
   */
  static String command() {
    try {
      Path location =
          Path.of(SandboxMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return "java -jar " + Shell.quote(location.toAbsolutePath().normalize().toString());
      }
    } catch (URISyntaxException | RuntimeException e) {
      // Not run from a jar file (e.g. from classes in a test): fall through.
    }
    return "java -jar sandbox/target/rootkey-sandbox.jar";
  }
}
