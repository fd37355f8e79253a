/**
 * One RootKey's keys from the first issuance to expiry: reads what is there (only the key records
 * this operator wrote), decides with the {@code plan} package, and writes with the {@code apply}
 * package, keeping the crash-safe issuance order (Pending record, Secret, Active record).
 */
package dev.rootkey.operator.lifecycle;
