package dev.rootkey.webhook.verify;

/** What to send back: the HTTP status and the JSON body. */
public record VerifyReply(int status, VerifyEnvelope body) {}
