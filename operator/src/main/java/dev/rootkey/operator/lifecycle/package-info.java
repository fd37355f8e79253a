/**
 * One RootKey's keys from the first issuance to expiry: each reconcile reads what is there (only
 * the key records this operator wrote), decides one plan with the {@code plan} package, and applies
 * it once with the {@code apply} package, keeping the crash-safe issuance order (Pending record,
 * Secret, Active record).
 */
package dev.rootkey.operator.lifecycle;
