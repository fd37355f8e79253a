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

/**
 * The durable record of one leaked key: written by the scanner-webhook in the RootKey's namespace,
 * acted on by the operator. Named after the key id, so GitHub's re-deliveries change nothing.
 */
@Group(RootKey.GROUP)
@Version(RootKey.VERSION)
@Kind("KeyLeak")
@Singular("keyleak")
@Plural("keyleaks")
@AdditionalPrinterColumn(name = "RootKey", jsonPath = ".spec.rootKey")
@AdditionalPrinterColumn(name = "Action", jsonPath = ".status.action")
@AdditionalPrinterColumn(name = "Found", jsonPath = ".spec.url")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KeyLeak extends CustomResource<KeyLeakSpec, KeyLeakStatus> implements Namespaced {

  /** The KeyLeak's name for a key: its id, which is already a valid object name. */
  public static String nameFor(String keyId) {
    return keyId;
  }

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setSpec(KeyLeakSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setStatus(KeyLeakStatus status) {
    super.setStatus(status);
  }
}
