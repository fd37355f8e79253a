/**
 * The operator's side of the Kubernetes API: the stores it reads and writes RootKeys, Secrets,
 * KeyLeaks, workloads and Events through (each an interface with a Fabric8 implementation), what a
 * delivered Secret looks like, and the filters that keep the operator's own writes from waking it.
 * It depends on no other package of the operator.
 */
package dev.rootkey.operator.kube;
