package dev.rootkey.webhook.github;

/** How often the key set was fetched, for metrics: attempted = succeeded + failed when idle. */
public record RefreshCounts(long attempted, long succeeded, long failed) {}
