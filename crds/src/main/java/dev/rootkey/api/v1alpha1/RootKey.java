package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A root API key declared by a platform team; the operator issues it into a Secret. */
@Group(RootKey.GROUP)
@Version(RootKey.VERSION)
@Kind("RootKey")
@Singular("rootkey")
@Plural("rootkeys")
@ShortNames("rk")
// kubectl prints these in this order (PrinterColumnOrder keeps it in the CRD); priority 1 columns
// only under -o wide. Times in the future are strings: a date column shows only time since.
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "The status of the Ready condition.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Key",
    jsonPath = ".status.currentKeyStart",
    getDescription = "The first characters of the key in the Secret.")
@AdditionalPrinterColumn(
    name = "Previous Key",
    jsonPath = ".status.conditions[?(@.type==\"PreviousKeyInUse\")].reason",
    getDescription =
        "Whether a replaced key that still verifies is in use: InUse, Idle, or NoPreviousKey.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Key Age",
    jsonPath = ".status.lastRotationAt",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1,
    getDescription = "Time since the key in the Secret became the current one.")
@AdditionalPrinterColumn(
    name = "Next Rotation",
    jsonPath = ".status.nextRotationAt",
    priority = 1,
    getDescription = "When the next scheduled rotation is due; empty: none is planned.")
@AdditionalPrinterColumn(
    name = "Grace Ends",
    jsonPath = ".status.keys[?(@.state==\"Expiring\")].expiresAt",
    priority = 1,
    getDescription =
        "Until when each replaced key still verifies (its grace period); empty: no replaced key"
            + " verifies.")
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".spec.expiresAt",
    priority = 1,
    getDescription = "When every key of this RootKey expires for good; empty: never.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class RootKey extends CustomResource<RootKeySpec, RootKeyStatus> implements Namespaced {

  public static final String GROUP = "rootkey.dev";
  public static final String VERSION = "v1alpha1";

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setSpec(RootKeySpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = TolerantPartDeserializer.class)
  public void setStatus(RootKeyStatus status) {
    super.setStatus(status);
  }
}
