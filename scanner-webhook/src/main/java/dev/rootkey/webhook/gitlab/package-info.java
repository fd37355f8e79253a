/**
 * What is particular to GitLab's two sources of leak reports: the headers and fields of its partner
 * alerts and of its Token Revocation API ({@link dev.rootkey.webhook.gitlab.GitLab}), its settings
 * ({@link dev.rootkey.webhook.gitlab.GitLabConfig}) and the pre-shared token a self-managed GitLab
 * authenticates with ({@link dev.rootkey.webhook.gitlab.PreSharedToken}); the signed-alert protocol
 * it shares with GitHub is in {@code dev.rootkey.webhook.partner}.
 */
package dev.rootkey.webhook.gitlab;
