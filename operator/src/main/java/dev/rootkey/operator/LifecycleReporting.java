package dev.rootkey.operator;

import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.metrics.KeyMetrics;

/**
 * Where a key lifecycle tells what it did, besides the audit trail: Kubernetes Events and metrics.
 */
public record LifecycleReporting(KeyEvents events, KeyMetrics metrics) {}
