/**
 * Deciding, without side effects: the RootKey's time rules with defaults applied, whether a
 * rotation is due, what a leak report means for the keys, whether a spec can be acted on, and the
 * status transitions of the keys. Everything here takes the clock as a parameter and touches no API
 * server, so each part is unit tested with a fixed clock.
 */
package dev.rootkey.operator.plan;
