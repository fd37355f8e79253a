package dev.rootkey.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/{rootkey,keyleak,keyusage}.md carry a part generated from the committed CRD YAML;
 * it must match the schema, so the reference cannot drift from what the API server enforces.
 */
class CrdReferenceTest {

  /** The one command that rewrites the generated parts from the CRDs. */
  static final String REGENERATE =
      "mvn -pl crds test -Dtest=CrdReferenceTest -Ddocs.regenerate=true";

  private static final Map<String, String> PAGES_BY_CRD =
      Map.of(
          "crds/rootkeys.rootkey.dev-v1.yml", "docs/reference/rootkey.md",
          "crds/keyleaks.rootkey.dev-v1.yml", "docs/reference/keyleak.md",
          "crds/keyusages.rootkey.dev-v1.yml", "docs/reference/keyusage.md");

  private final Path root = RepositoryRoot.find();

  @Test
  void committedReferencePagesMatchTheCrdSchemas() throws IOException {
    boolean regenerate = Boolean.getBoolean("docs.regenerate");
    for (Map.Entry<String, String> entry : PAGES_BY_CRD.entrySet()) {
      Path page = root.resolve(entry.getValue());
      String committed = Files.readString(page, StandardCharsets.UTF_8);
      String expected = GeneratedSection.replace(committed, reference(entry.getKey()));
      if (regenerate) {
        Files.writeString(page, expected, StandardCharsets.UTF_8);
      }
      assertThat(Files.readString(page, StandardCharsets.UTF_8))
          .as("%s is stale: regenerate it with `%s`", entry.getValue(), REGENERATE)
          .isEqualTo(expected);
    }
  }

  @Test
  void theRootKeyReferenceListsLeakPolicyAndDeleteProtectionWithTheirDefaults() throws IOException {
    String page = Files.readString(root.resolve("docs/reference/rootkey.md"));

    assertThat(page.lines().filter(line -> line.startsWith("| `spec.leakPolicy` |")))
        .singleElement()
        .asString()
        .contains("| `Revoke` |", "one of `Notify`, `Revoke`");
    assertThat(page.lines().filter(line -> line.startsWith("| `spec.deleteProtection` |")))
        .singleElement()
        .asString()
        .contains("| `boolean` |", "| `false` |");
  }

  @Test
  void regeneratingKeepsTheHandWrittenTextAroundTheMarkers() {
    String page =
        "# Title\n\nBy hand.\n\n<!-- BEGIN generated x -->\nold table\n<!-- END generated -->\n"
            + "\nAlso by hand.\n";

    assertThat(GeneratedSection.replace(page, "new table"))
        .isEqualTo(
            "# Title\n\nBy hand.\n\n<!-- BEGIN generated x -->\nnew table\n"
                + "<!-- END generated -->\n\nAlso by hand.\n");
  }

  @Test
  void aPageWithoutMarkersIsRefusedRatherThanOverwritten() {
    assertThatThrownBy(() -> GeneratedSection.replace("# Title\n\nBy hand.\n", "table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<!-- BEGIN generated");
  }

  @Test
  void tableCellsKeepPipesAndMarkdownCharactersLiteral() {
    assertThat(CrdReference.code("([Zz]|[+-])")).isEqualTo("`([Zz]\\|[+-])`");
    assertThat(CrdReference.code("a`b")).isEqualTo("``a`b``");
    assertThat(CrdReference.text("a segment of '*' or '_', <name>"))
        .isEqualTo("a segment of '\\*' or '\\_', \\<name\\>");
  }

  private String reference(String crdFile) throws IOException {
    CustomResourceDefinition crd;
    try (InputStream yaml = Files.newInputStream(root.resolve(crdFile))) {
      crd = new KubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class);
    }
    return CrdReference.render(crd, crdFile, REGENERATE);
  }
}
