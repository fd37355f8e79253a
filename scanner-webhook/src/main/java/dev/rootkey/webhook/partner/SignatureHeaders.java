package dev.rootkey.webhook.partner;

/**
 * The two headers a host signs its alerts with, and its name for messages.
 *
 * @param host who signs, e.g. {@code GitHub}
 * @param keyIdentifier the header naming the key that signed
 * @param signature the header carrying base64 of the DER ECDSA signature over the body
 */
public record SignatureHeaders(String host, String keyIdentifier, String signature) {}
