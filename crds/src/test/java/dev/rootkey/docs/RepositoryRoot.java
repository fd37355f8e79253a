package dev.rootkey.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top folder from wherever Maven runs a module's tests. */
final class RepositoryRoot {

  private RepositoryRoot() {}

  static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("crds"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no folder with README.md and crds/ above " + Path.of("").toAbsolutePath());
  }
}
