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
// kubectl prints these in this order (PrinterColumnOrder keeps it in the CRD); priority 1 columns
// only under -o wide.
@AdditionalPrinterColumn(name = "RootKey", jsonPath = ".spec.rootKey")
@AdditionalPrinterColumn(
    name = "Action",
    jsonPath = ".status.action",
    getDescription = "What the operator did: Revoked, Notified, AlreadyInvalid or KeyNotFound.")
@AdditionalPrinterColumn(
    name = "Found",
    jsonPath = ".spec.url",
    getDescription = "Where the key was found.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Source",
    jsonPath = ".spec.source",
    priority = 1,
    getDescription = "What kind of place it was found in, e.g. commit.")
@AdditionalPrinterColumn(name = "Reporter", jsonPath = ".spec.reporter", priority = 1)
@AdditionalPrinterColumn(
    name = "Handled",
    jsonPath = ".status.handledAt",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1,
    getDescription = "Time since the operator acted on the leak.")
@AdditionalPrinterColumn(
    name = "Replacement",
    jsonPath = ".status.replacementKeyId",
    priority = 1,
    getDescription = "Id of the key that replaced the leaked one, if it was the current key.")
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
