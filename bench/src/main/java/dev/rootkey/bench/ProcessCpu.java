package dev.rootkey.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, on all its threads: where a side's time went when cores are few. */
final class ProcessCpu {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  static long nanos() {
    return OS.getProcessCpuTime();
  }
}
