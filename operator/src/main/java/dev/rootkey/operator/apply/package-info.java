/**
 * Doing and telling: one executor performs a plan's steps in order, each write carrying the
 * resourceVersion it was planned on or, after a write of the same object in the plan, the one that
 * write returned, and reports what was done as Kubernetes Events, audit records and metrics, once
 * per operation and never with a key in them.
 */
package dev.rootkey.operator.apply;
