/**
 * The operator's key metrics (issuances, leak answers, time to the next rotation and to expiry),
 * behind one interface so that the lifecycle can run without a meter registry in tests.
 */
package dev.rootkey.operator.metrics;
