package dev.rootkey.config;

import java.util.concurrent.ForkJoinPool;

/**
 * Run in a JVM of its own by {@link CommonPoolFloorTest}: raises the floor as a service's main
 * class does, first thing, then prints the parallelism the common pool got.
 */
public final class CommonPoolProbe {

  static {
    CommonPoolFloor.raiseOnSmallMachines();
  }

  private CommonPoolProbe() {}

  public static void main(String[] args) {
    System.out.println(ForkJoinPool.getCommonPoolParallelism());
  }
}
