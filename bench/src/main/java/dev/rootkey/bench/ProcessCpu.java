package dev.rootkey.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Another process's CPU time (user and system) as Linux's /proc/PID/stat counts it. */
final class ProcessCpu {

  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessCpu() {}

  /** The process's CPU time so far, in ms. */
  static long ms(long pid) throws IOException {
    return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")))
        * 1_000
        / TICKS_PER_SECOND;
  }

  /**
   * utime + stime, fields 14 and 15 of a stat line, in clock ticks. Counted after the command's
   * closing parenthesis: a command may hold spaces and parentheses itself.
   */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state).
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out =
          new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      // Linux's USER_HZ is 100 on every architecture the benchmarks run on.
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
