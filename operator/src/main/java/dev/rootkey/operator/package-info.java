/**
 * The RootKey operator's entry points and wiring: {@code Main} reads the environment, {@link
 * dev.rootkey.operator.RootKeyOperator} decides which parts run, and {@link
 * dev.rootkey.operator.RootKeyReconciler} takes each RootKey the SDK hands it through validation to
 * {@link dev.rootkey.operator.lifecycle.KeyLifecycle}. Only this package knows the concrete
 * Kubernetes-backed parts; everything below it is given its collaborators.
 */
package dev.rootkey.operator;
