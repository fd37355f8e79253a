/**
 * The rootkey.dev/v1alpha1 API types. Readers tolerate objects written for another version: every
 * type ignores fields it does not know (a typo where no schema prunes it, or a newer CRD after an
 * upgrade or rollback), and a spec or status of the wrong shape is read as {@link
 * dev.rootkey.api.v1alpha1.Unreadable} rather than failing, so one object never stops an informer.
 */
package dev.rootkey.api.v1alpha1;
