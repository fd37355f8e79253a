package dev.rootkey.bench;

/**
 * The whole of a child JVM's main: the JVM ends when the body does, with status 1 and the stack
 * trace when it failed. The in-process API servers and operators leave non-daemon threads behind,
 * so a child whose main merely returned or threw would stay alive, and its parent wait for it
 * forever.
 */
final class ChildMain {

  /** What a child JVM does. */
  interface Body {
    void run() throws Exception;
  }

  private ChildMain() {}

  static void run(Body body) {
    try {
      body.run();
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
