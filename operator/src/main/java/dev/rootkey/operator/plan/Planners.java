package dev.rootkey.operator.plan;

/**
 * The parts of deciding, in the order a reconcile asks them: is the RootKey's time up, what do its
 * keys need, and what follows the writes that made.
 */
public record Planners(Expiry expiry, KeyPlanner keys, Settling settling) {}
