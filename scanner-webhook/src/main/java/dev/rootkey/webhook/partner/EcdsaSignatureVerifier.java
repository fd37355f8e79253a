package dev.rootkey.webhook.partner;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/** Checks a host's ECDSA P-256 / SHA-256 signature, base64 of DER, over the exact body bytes. */
public final class EcdsaSignatureVerifier {

  /** SEQUENCE { INTEGER r, INTEGER s } for P-256 is at most 2 + 2 * (2 + 33) bytes. */
  private static final int MAX_DER_SIGNATURE_BYTES = 72;

  private static final ECParameterSpec P256 = p256();

  /**
   * @param key the signer's public key as listed by the host
   * @param body the request body exactly as received: no trimming, no re-serialising
   * @param signatureHeader the signature header's value ({@code Github-Public-Key-Signature} from
   *     GitHub)
   */
  public SignatureCheck verify(PublicKey key, byte[] body, String signatureHeader) {
    if (!isP256(key)) {
      return SignatureCheck.NOT_P256_KEY;
    }
    if (signatureHeader == null) {
      return SignatureCheck.NOT_BASE64;
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(signatureHeader);
    } catch (IllegalArgumentException e) {
      return SignatureCheck.NOT_BASE64;
    }
    if (!isStrictDerSignature(der)) {
      return SignatureCheck.NOT_DER;
    }
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(body);
      return ecdsa.verify(der) ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
    } catch (GeneralSecurityException e) {
      // The DER shape was checked above, so what is left here is an r or s out of range.
      return SignatureCheck.MISMATCH;
    }
  }

  static boolean isP256(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      return false;
    }
    ECParameterSpec params = ec.getParams();
    return params.getCurve().equals(P256.getCurve())
        && params.getGenerator().equals(P256.getGenerator())
        && params.getOrder().equals(P256.getOrder())
        && params.getCofactor() == P256.getCofactor();
  }

  /**
   * Accepts only the canonical DER encoding of two positive integers, so that a raw r||s value or a
   * BER variant is named as such instead of surfacing as an unexplained mismatch.
   */
  private static boolean isStrictDerSignature(byte[] der) {
    if (der.length == 0 || der.length > MAX_DER_SIGNATURE_BYTES) {
      return false;
    }
    try {
      if (!(ASN1Primitive.fromByteArray(der) instanceof ASN1Sequence sequence)
          || sequence.size() != 2
          || !isPositiveInteger(sequence.getObjectAt(0))
          || !isPositiveInteger(sequence.getObjectAt(1))) {
        return false;
      }
      return Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), der);
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports some malformed encodings with unchecked exceptions; attacker bytes
      // must end in a rejection, never in an exception escaping to the request handler.
      return false;
    }
  }

  private static boolean isPositiveInteger(Object element) {
    return element instanceof ASN1Integer integer && integer.getValue().signum() > 0;
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java 17 platform provides secp256r1", e);
    }
  }
}
