/**
 * What every host that reports leaked tokens to us by signed partner alert shares, GitHub and
 * GitLab alike: the cached key set fetched from the host ({@link
 * dev.rootkey.webhook.partner.PartnerPublicKeys}), the ECDSA P-256 signature check over the raw
 * body ({@link dev.rootkey.webhook.partner.EcdsaSignatureVerifier}), the request check under the
 * host's header names ({@link dev.rootkey.webhook.partner.SignedRequestVerifier}), the body read in
 * the host's format ({@link dev.rootkey.webhook.partner.LeakReportParser}), the intake that does
 * both in that order ({@link dev.rootkey.webhook.partner.LeakReportIntake}) and the verdicts we
 * answer; no HTTP server and no Kubernetes, and no host named: each host's names and formats are
 * passed in from {@code dev.rootkey.webhook.github} or {@code dev.rootkey.webhook.gitlab}.
 */
package dev.rootkey.webhook.partner;
