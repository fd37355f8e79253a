package dev.rootkey.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The sandbox's files, in one folder that does not depend on the working folder: the kubeconfig,
 * the stand-in GitHub key, and {@code sandbox.env}, which says where a running sandbox listens. One
 * sandbox at a time holds the folder.
 */
final class StateFolder {

  /** picocli default of {@code --state-dir}: the same folder whatever the working folder. */
  static final String DEFAULT = "${sys:user.home}/.rootkey-sandbox";

  private final Path folder;

  StateFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  Path folder() {
    return folder;
  }

  Path kubeconfig() {
    return folder.resolve("kubeconfig");
  }

  Path githubKey() {
    return folder.resolve("github-key.pem");
  }

  Path gitlabKey() {
    return folder.resolve("gitlab-key.pem");
  }

  Path env() {
    return folder.resolve("sandbox.env");
  }

  /**
   * Creates the folder and holds it for this process until it ends (or the lease is closed), so a
   * second sandbox cannot overwrite the files of a running one.
   */
  Lease lease() {
    try {
      if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Owner only: the stand-in GitHub key in it signs alerts that revoke the sandbox's keys.
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(folder);
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliError("--state-dir " + folder + " is a file, not a folder: pass a folder");
    } catch (IOException e) {
      throw new CliError(
          "cannot create the state folder "
              + folder
              + " ("
              + OneLineErrors.describe(e)
              + "): pass --state-dir a folder you can write to");
    }
    Path lockFile = folder.resolve("lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new Lease(channel);
      }
    } catch (OverlappingFileLockException e) {
      // Held in this JVM already: the same answer as for another process.
    } catch (IOException e) {
      throw new CliError(
          "cannot lock "
              + lockFile
              + " ("
              + OneLineErrors.describe(e)
              + "): pass --state-dir a folder you can write to");
    }
    closeQuietly(channel);
    throw new CliError(
        "another rootkey sandbox is running with state folder "
            + folder
            + ": stop it (Ctrl-C), or pass --state-dir another folder to run a second one");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing held: closing is only tidying.
      }
    }
  }

  /** This process's hold on the folder; closing it removes {@code sandbox.env} and lets go. */
  final class Lease implements AutoCloseable {

    private final FileChannel channel;

    private Lease(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void close() {
      try {
        // First: from now on `alert` says no sandbox runs rather than trying a closing one.
        Files.deleteIfExists(env());
      } catch (IOException ignored) {
        // A stale sandbox.env only makes `alert` report that nothing answers.
      }
      closeQuietly(channel); // releases the lock
    }
  }
}
