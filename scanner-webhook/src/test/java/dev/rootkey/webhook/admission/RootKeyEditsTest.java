package dev.rootkey.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootKeyEditsTest {

  @Test
  void namesEachChangedSpecFieldLabelAndAnnotation() {
    RootKey before = rootKey(Map.of("team", "pay"), Map.of());
    RootKey after = rootKey(Map.of("team", "billing"), Map.of(RotationAnnotations.ROTATE, "1"));
    after.getSpec().getRotation().setGracePeriod("30m");
    after.getSpec().setPermissions(List.of("api.*.verify_key", "api.*.create_key"));
    after.getSpec().setDeleteProtection(true);

    assertThat(RootKeyEdits.changedFields(before, after))
        .containsExactly(
            "spec.deleteProtection",
            "spec.permissions",
            "spec.rotation.gracePeriod",
            "metadata.labels.team",
            "metadata.annotations.rootkey.dev/rotate");
  }

  @Test
  void bookkeepingIsNoEdit() {
    RootKey before = rootKey(Map.of(), Map.of());
    RootKey after = rootKey(Map.of(), Map.of());
    after.getMetadata().setFinalizers(List.of("rootkey.dev/delete-protection"));
    after
        .getMetadata()
        .setAnnotations(
            Map.of(
                "kubectl.kubernetes.io/last-applied-configuration",
                "{}",
                RotationAnnotations.ROTATE_REQUESTED_BY,
                "alice"));

    assertThat(RootKeyEdits.changedFields(before, after)).isEmpty();
  }

  @Test
  void onlyAnnotationsHaveBookkeepingALabelOfTheSameNameIsAnEdit() {
    RootKey before = rootKey(Map.of(), Map.of());
    RootKey after = rootKey(Map.of(RotationAnnotations.ROTATE_REQUESTED_BY, "alice"), Map.of());

    assertThat(RootKeyEdits.changedFields(before, after))
        .containsExactly("metadata.labels." + RotationAnnotations.ROTATE_REQUESTED_BY);
  }

  @Test
  void aFieldSetToNullIsTheSameAsOneNotSet() {
    RootKey before = rootKey(Map.of(), Map.of());
    RootKey after = rootKey(Map.of(), Map.of());
    after.getSpec().setAllowedCidrs(null);
    before.getSpec().setAllowedCidrs(null);
    after.getMetadata().setLabels(null);

    assertThat(RootKeyEdits.changedFields(before, after)).isEmpty();
  }

  static RootKey rootKey(Map<String, String> labels, Map<String, String> annotations) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod("1h");
    spec.setRotation(rotation);
    rootKey.setSpec(spec);
    return rootKey;
  }
}
