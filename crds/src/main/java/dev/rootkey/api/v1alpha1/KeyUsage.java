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

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setSpec(KeyUsageSpec spec) {
    super.setSpec(spec);
  }
}
