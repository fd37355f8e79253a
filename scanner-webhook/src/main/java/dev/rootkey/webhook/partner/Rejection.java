package dev.rootkey.webhook.partner;

/**
 * A request refused before anything was done for it.
 *
 * @param status the HTTP status to answer: 400 malformed, 401 not signed by the host, 503 retry
 * @param message why, safe to send back and to log: it never quotes the body or a header value
 */
public record Rejection(int status, String message) implements RequestVerification, Intake {}
