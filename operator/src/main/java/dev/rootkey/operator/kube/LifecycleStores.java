package dev.rootkey.operator.kube;

/**
 * Where the key lifecycle reads and writes the objects of one RootKey: its status and annotations,
 * its Secret, its KeyLeaks, the workloads it restarts and its KeyUsage reports. They travel
 * together: a lifecycle is given all of them, in production or in memory.
 */
public record LifecycleStores(
    StatusStore statuses,
    SecretStore secrets,
    AnnotationStore annotations,
    WorkloadRestarter restarter,
    LeakStore leaks,
    UsageStore usages) {}
