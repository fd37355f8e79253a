package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl explain} in a {@link SandboxServer}, from the schema of the CRD it installed. */
class KubectlExplainIT {

  @TempDir static Path tmp;
  private static SandboxServer sandbox;
  private static Kubectl kubectl;
  private static JsonNode schema;

  @BeforeAll
  static void start() throws Exception {
    sandbox = SandboxServer.start(0);
    kubectl = Kubectl.against(sandbox.url(), tmp);
    try (InputStream crd =
        RootKey.class.getResourceAsStream("/META-INF/fabric8/rootkeys.rootkey.dev-v1.yml")) {
      schema =
          Serialization.unmarshal(crd, JsonNode.class)
              .at("/spec/versions/0/schema/openAPIV3Schema");
    }
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void explainSpecListsEveryFieldOfTheCrdSchemaWithItsDescription() {
    String out = kubectl.ok("explain", "rootkey.spec");
    assertThat(out)
        .startsWith("GROUP:      rootkey.dev\nKIND:       RootKey\nVERSION:    v1alpha1");
    assertThat(out).contains("FIELD: spec <Object>");
    JsonNode spec = schema.at("/properties/spec/properties");
    List<String> fields = new ArrayList<>();
    spec.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).contains("permissions", "rotation", "secret");
    for (String field : fields) {
      assertThat(out).containsPattern("(?m)^  " + field + "\\s+<");
      String description = spec.path(field).path("description").asText();
      if (!description.isEmpty()) {
        assertThat(out.replaceAll("\\s+", " ")).contains(description.split(" ")[0] + " ");
      }
    }
  }

  @Test
  void explainANestedFieldShowsItsDescriptionAndFields() {
    String out = kubectl.ok("explain", "rootkey.spec.rotation");
    JsonNode rotation = schema.at("/properties/spec/properties/rotation");
    assertThat(out).contains("FIELD: rotation <Object>");
    assertThat(out.replaceAll("\\s+", " ")).contains(rotation.path("description").asText());
    rotation
        .path("properties")
        .fieldNames()
        .forEachRemaining(f -> assertThat(out).containsPattern("(?m)^  " + f + "\\s+<"));
  }

  @Test
  void explainTheKindListsItsTopLevelFields() {
    String out = kubectl.ok("explain", "rk");
    assertThat(out)
        .containsPattern("(?m)^  apiVersion\\s+<string>")
        .containsPattern("(?m)^  kind\\s+<string>")
        .containsPattern("(?m)^  metadata\\s+<ObjectMeta>")
        .containsPattern("(?m)^  spec\\s+<Object>")
        .containsPattern("(?m)^  status\\s+<Object>");
    assertThat(kubectl.ok("explain", "rootkey.metadata.labels"))
        .contains("FIELD: labels <map[string]string>");
  }
}
