/**
 * Doing and telling: the writes the lifecycle makes and what it reports of them, as Kubernetes
 * Events, audit records and metrics, once per operation and never with a key in them.
 */
package dev.rootkey.operator.apply;
