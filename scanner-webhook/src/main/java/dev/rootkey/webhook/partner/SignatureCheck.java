package dev.rootkey.webhook.partner;

/** The outcome of checking one {@code Github-Public-Key-Signature}: valid, or why not. */
public enum SignatureCheck {
  VALID("signature is valid"),
  NOT_BASE64("signature is not standard base64"),
  NOT_DER("signature is not an ASN.1 DER ECDSA signature"),
  NOT_P256_KEY("the listed public key is not an ECDSA P-256 key"),
  MISMATCH("signature does not match the body");

  private final String message;

  SignatureCheck(String message) {
    this.message = message;
  }

  public boolean isValid() {
    return this == VALID;
  }

  /** A reason that is safe to send back to the caller and to log. */
  public String message() {
    return message;
  }
}
