/**
 * Deciding, without side effects: from an {@link dev.rootkey.operator.plan.Observation} of one
 * RootKey, the one {@link dev.rootkey.operator.plan.Plan} of a reconcile: the {@link
 * dev.rootkey.operator.plan.Step}s to take, in order, and when to look again. Its parts each decide
 * one thing: expiry, rotation, leaks, recovery of a half-done issuance, the crash-safe issuance
 * order, what settles an issuance, spec validation and the status transitions of the keys. Nothing
 * here writes to an API server; the clock and the key generator are given, so each part is unit
 * tested with a fixed clock.
 */
package dev.rootkey.operator.plan;
