package dev.rootkey.config;

import java.time.Duration;

/**
 * Run in a JVM of its own by {@link BoundedShutdownTest}: a service whose first stop step never
 * returns, as one waiting on an API server that stopped answering.
 */
public final class StuckService {

  private StuckService() {}

  public static void main(String[] args) throws InterruptedException {
    BoundedShutdown shutdown = new BoundedShutdown("stuck-service", Duration.ofSeconds(2));
    shutdown.onExit(() -> Thread.sleep(Long.MAX_VALUE), () -> System.out.println("never reached"));
    System.out.println("running");
    Thread.sleep(Long.MAX_VALUE);
  }
}
