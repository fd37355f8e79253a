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
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Key", jsonPath = ".status.currentKeyStart")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
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
