package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commands the sandbox suggests once it runs. */
class BannerTest {

  private static final Banner.Endpoints AT =
      new Banner.Endpoints(
          "http://127.0.0.1:6080",
          Path.of("/home/me/rootkey-sandbox.kubeconfig"),
          "http://127.0.0.1:8090",
          "http://127.0.0.1:41000",
          Path.of("/home/me/.rootkey-sandbox"),
          Path.of("/home/me/.rootkey-sandbox/sandbox.env"),
          Optional.of(" --github-key '/home/me/my keys/github.pem'"),
          Optional.of(" --state-dir /home/me/.rootkey-sandbox"));

  private static final String JAR = "java -jar /opt/rootkey-sandbox.jar";

  @Test
  void afterApplyingRootKeysNothingIsAppliedAgainAndTheCommandsAreAboutTheFirstRootKey() {
    HasMetadata billing =
        Serialization.unmarshal(
            """
            apiVersion: rootkey.dev/v1alpha1
            kind: RootKey
            metadata: {name: billing-service, namespace: payments}
            spec:
              permissions: [api.billing.verify_key]
              secret: {name: billing-root-key, key: ROOT_KEY}
            """,
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    HasMetadata search =
        Serialization.unmarshal(
            """
            apiVersion: rootkey.dev/v1alpha1
            kind: RootKey
            metadata: {name: search-indexer, namespace: payments}
            spec: {permissions: [api.search.verify_key]}
            """,
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    String text =
        Banner.text(
            AT,
            JAR,
            List.of(
                new NamespaceBuilder().withNewMetadata().withName("payments").endMetadata().build(),
                billing,
                search));

    assertThat(text).doesNotContain("kubectl apply").doesNotContain("examples/");
    assertThat(text)
        .contains("  kubectl describe rk billing-service -n payments\n")
        .contains(
            "  KEY=$(kubectl get secret billing-root-key -n payments -o"
                + " jsonpath='{.data.ROOT_KEY}' | base64 -d)\n")
        .contains("  kubectl wait --for=delete secret/billing-root-key -n payments --timeout=60s\n")
        .contains(
            "  java -jar /opt/rootkey-sandbox.jar alert --token \"$KEY\""
                + " --github-key '/home/me/my keys/github.pem'\n")
        .contains(
            "  curl -s http://127.0.0.1:8090/v2/keys.whoami -H 'Content-Type: application/json'"
                + " -d \"{\\\"key\\\":\\\"$KEY\\\"}\"; echo\n")
        .contains(
            "  java -jar /opt/rootkey-sandbox.jar alert --from gitlab --token \"$KEY\""
                + " --state-dir /home/me/.rootkey-sandbox\n")
        .contains(
            "  java -jar /opt/rootkey-sandbox.jar alert --from gitlab-self-managed --token \"$KEY\""
                + " --state-dir /home/me/.rootkey-sandbox\n");
  }

  @Test
  void withNothingAppliedTheFirstCommandCreatesTheRootKeyTheOthersUse() {
    String text = Banner.text(AT, JAR, List.of());

    assertThat(text)
        .contains(
            "  export KUBECONFIG=/home/me/rootkey-sandbox.kubeconfig\n"
                + "  echo '{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\","
                + "\"metadata\":{\"name\":\"demo\",\"namespace\":\"default\"},"
                + "\"spec\":{\"permissions\":[\"api.demo.verify_key\"]}}' | kubectl apply -f -\n")
        .contains("  kubectl describe rk demo -n default\n")
        .doesNotContain("examples/");
  }

  @Test
  void withKeysServedElsewhereNoAlertCommandIsSuggestedThatTheWebhookWouldRefuse() {
    // alert signs with the stand-in host's key; the webhook trusts the keys at the given URL only.
    Banner.Endpoints keysElsewhere =
        new Banner.Endpoints(
            AT.apiServer(),
            AT.kubeconfig(),
            AT.webhook(),
            AT.admission(),
            AT.stateFolder(),
            AT.env(),
            Optional.empty(),
            Optional.empty());

    String text = Banner.text(keysElsewhere, JAR, List.of());

    assertThat(text)
        .doesNotContain(" alert ")
        .contains("  # GitHub alerts: sign them with the key your --github-keys-url serves\n")
        .contains("  # GitLab alerts: sign them with the key your --gitlab-keys-url serves\n")
        .contains("/v2/keys.verifyKey");
  }

  @Test
  void aPathWithAQuoteIsQuotedForTheShell() {
    assertThat(Banner.shellQuoted("/tmp/it's here")).isEqualTo("'/tmp/it'\\''s here'");
    assertThat(Banner.shellQuoted("/tmp/plain-path.pem")).isEqualTo("/tmp/plain-path.pem");
  }
}
