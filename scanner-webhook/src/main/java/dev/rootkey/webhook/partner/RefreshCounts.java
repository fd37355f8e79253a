package dev.rootkey.webhook.partner;

/** How often the key set was fetched, for metrics: attempted = succeeded + failed when idle. */
public record RefreshCounts(long attempted, long succeeded, long failed) {}
