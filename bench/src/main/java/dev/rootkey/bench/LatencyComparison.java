package dev.rootkey.bench;

/** Verification and the bare endpoint at the same arrival rate, in the same run. */
record LatencyComparison(int perSecond, OpenLoopLoad.Result verify, OpenLoopLoad.Result bare) {

  /** Verification's p99 over the bare endpoint's: what verifying a key adds at this load. */
  double p99Ratio() {
    // A p99 under a microsecond is not measurable here; 1 keeps the ratio finite.
    return (double) verify.latencyMicros().p99() / Math.max(1, bare.latencyMicros().p99());
  }
}
