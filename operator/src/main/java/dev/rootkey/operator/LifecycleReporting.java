package dev.rootkey.operator;

import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.metrics.KeyMetrics;

/**
 * Where a lifecycle tells what it did: Kubernetes Events (each with its audit record) and metrics.
 */
public record LifecycleReporting(KeyEvents events, KeyMetrics metrics) {}
