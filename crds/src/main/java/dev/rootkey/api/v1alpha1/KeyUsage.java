package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * When one scanner-webhook replica last saw each key of one RootKey verified: written by that
 * replica alone, folded into the RootKey's status by the operator, which keeps status its own. The
 * webhook may write these and nothing of a RootKey, so a compromised webhook cannot change what a
 * RootKey says.
 */
@Group(RootKey.GROUP)
@Version(RootKey.VERSION)
@Kind("KeyUsage")
@Singular("keyusage")
@Plural("keyusages")
// kubectl prints these in this order (PrinterColumnOrder keeps it in the CRD).
@AdditionalPrinterColumn(name = "RootKey", jsonPath = ".spec.rootKey")
@AdditionalPrinterColumn(
    name = "Replica",
    jsonPath = ".spec.replica",
    getDescription = "The scanner-webhook replica that reported these uses.")
@AdditionalPrinterColumn(
    name = "Reported",
    jsonPath = ".spec.reportedAt",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the replica last wrote this report.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class KeyUsage extends CustomResource<KeyUsageSpec, Void> implements Namespaced {

  /** The longest object name the API server takes (a DNS subdomain). */
  public static final int MAX_NAME_LENGTH = 253;

  private static final Pattern OBJECT_NAME = Pattern.compile(ApiPatterns.SECRET_NAME);

  /**
   * The name of the KeyUsage in which {@code replica} reports the uses of RootKey {@code rootKey}'s
   * keys: {@code <rootKey>.<replica>} when that is a valid object name and the replica's name has
   * no dot (else "a.b" of "c" and "a" of "b.c" would share one), otherwise {@code keyusage-} and 40
   * hex digits of the SHA-256 of both names (never a dot, so never a readable name). The same two
   * names always give the same name; two different pairs (almost surely) never do.
   */
  public static String nameFor(String rootKey, String replica) {
    String readable = rootKey + "." + replica;
    if (replica.indexOf('.') < 0
        && readable.length() <= MAX_NAME_LENGTH
        && OBJECT_NAME.matcher(readable).matches()) {
      return readable;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              // NUL cannot be in either name, so ("a.b", "c") and ("a", "b.c") hash apart.
              .digest((rootKey + "\u0000" + replica).getBytes(StandardCharsets.UTF_8));
      return "keyusage-" + HexFormat.of().formatHex(digest).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setSpec(KeyUsageSpec spec) {
    super.setSpec(spec);
  }
}
