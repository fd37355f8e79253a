/**
 * What is particular to GitHub's secret-scanning partner alerts, and only that: where GitHub lists
 * its signing keys, the headers it signs with and the fields of its alerts ({@link
 * dev.rootkey.webhook.github.GitHub}); the protocol itself, shared with GitLab, is in {@code
 * dev.rootkey.webhook.partner}.
 */
package dev.rootkey.webhook.github;
