package dev.rootkey.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The columns {@code kubectl get} prints for the generated CRDs (those packaged in the jar, which
 * the sandbox and the chart install): kubectl keeps the CRD's order and shows priority 1 columns
 * only under {@code -o wide}.
 */
class PrinterColumnsTest {

  @Test
  void kubectlGetRkPrintsReadyPhaseKeyPreviousKeyThenAgeLast() throws IOException {
    assertThat(names(columns("rootkeys"), 0))
        .containsExactly("Ready", "Phase", "Key", "Previous Key", "Age");
  }

  @Test
  void kubectlGetRkWideAddsKeyAgeNextRotationGraceEndAndExpiryAfterAge() throws IOException {
    assertThat(columns("rootkeys"))
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "Ready",
            "Phase",
            "Key",
            "Previous Key",
            "Age",
            "Key Age",
            "Next Rotation",
            "Grace Ends",
            "Expires");
    assertThat(names(columns("rootkeys"), 1))
        .containsExactly("Key Age", "Next Rotation", "Grace Ends", "Expires");
  }

  @Test
  void kubectlGetKeyleaksPrintsRootKeyActionFoundThenAgeLast() throws IOException {
    assertThat(names(columns("keyleaks"), 0)).containsExactly("RootKey", "Action", "Found", "Age");
    assertThat(columns("keyleaks"))
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "RootKey", "Action", "Found", "Age", "Source", "Reporter", "Handled", "Replacement");
  }

  @Test
  void kubectlGetKeyusagesPrintsRootKeyReplicaAndTimeSinceTheReport() throws IOException {
    assertThat(names(columns("keyusages"), 0)).containsExactly("RootKey", "Replica", "Reported");
  }

  @Test
  void timesStillToComeAreShownAsTimesNotAsAnAge() throws IOException {
    // A date column shows the time since; for a future time the API server shows "<invalid>".
    assertThat(columns("rootkeys"))
        .filteredOn(c -> "date".equals(c.getType()))
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(".metadata.creationTimestamp", ".status.lastRotationAt");
  }

  private static List<String> names(List<CustomResourceColumnDefinition> columns, int priority) {
    return columns.stream()
        .filter(c -> c.getPriority() == priority)
        .map(CustomResourceColumnDefinition::getName)
        .toList();
  }

  private static List<CustomResourceColumnDefinition> columns(String plural) throws IOException {
    try (InputStream yaml =
        PrinterColumnsTest.class.getResourceAsStream(
            "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    }
  }
}
