package dev.rootkey.operator.lifecycle;

/**
 * The operator process dying right after a chosen write: that write lands, and from then on no
 * store it is given to answers, until a new process (a new reconcile) starts.
 */
final class TestingCrash {

  private int writesLeft;
  private boolean dead;

  /** The process dies right after the {@code n}-th write from now. */
  void afterWrites(int n) {
    writesLeft = n;
    dead = false;
  }

  /** A new process: nothing dies any more. */
  void restart() {
    writesLeft = 0;
    dead = false;
  }

  boolean happened() {
    return dead;
  }

  /** Called by a store before it does anything. */
  void beforeCall() {
    if (dead) {
      throw new IllegalStateException("simulated crash: the process is gone");
    }
  }

  /** Called by a store after a write has landed. */
  void wrote() {
    if (writesLeft > 0 && --writesLeft == 0) {
      dead = true;
      throw new IllegalStateException("simulated crash");
    }
  }
}
