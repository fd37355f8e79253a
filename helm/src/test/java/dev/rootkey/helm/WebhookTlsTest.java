package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The webhook serves HTTPS by default, from a Secret cert-manager fills or one that exists. */
class WebhookTlsTest {

  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String TLS_SECRET = WEBHOOK + "-tls";

  @Test
  void byDefaultCertManagerIssuesACertificateForTheServiceFromASelfSignedIssuer() {
    Chart.Rendered defaults = Chart.defaults();

    GenericKubernetesResource certificate = one(defaults, "Certificate");
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.getMetadata().getName()).isEqualTo(WEBHOOK);
    assertThat((String) certificate.get("spec", "secretName")).isEqualTo(TLS_SECRET);
    List<String> dnsNames = certificate.get("spec", "dnsNames");
    assertThat(dnsNames)
        .containsExactly(
            WEBHOOK,
            WEBHOOK + ".rootkey-system",
            WEBHOOK + ".rootkey-system.svc",
            WEBHOOK + ".rootkey-system.svc.cluster.local");
    Map<String, Object> issuerRef = certificate.get("spec", "issuerRef");
    assertThat(issuerRef)
        .containsEntry("name", WEBHOOK + "-selfsigned")
        .containsEntry("kind", "Issuer");
    GenericKubernetesResource issuer = one(defaults, "Issuer");
    assertThat(issuer.getMetadata().getName()).isEqualTo(WEBHOOK + "-selfsigned");
    assertThat((Object) issuer.get("spec", "selfSigned")).isNotNull();
  }

  @Test
  void aNamedIssuerIsUsedAndNoSelfSignedOneIsCreated() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    certManager:\n      issuerRef: {name: internal-ca}\n");

    Map<String, Object> issuerRef = one(rendered, "Certificate").get("spec", "issuerRef");
    assertThat(issuerRef)
        .containsEntry("name", "internal-ca")
        .containsEntry("kind", "ClusterIssuer")
        .containsEntry("group", "cert-manager.io");
    assertThat(kinds(rendered)).doesNotContain("Issuer");
  }

  @Test
  void theWebhookMountsTheSecretReadOnlyAndIsToldWhereTheFilesAre() {
    Deployment deployment = Chart.defaults().one(Deployment.class, WEBHOOK);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("tls");
              assertThat(m.getMountPath()).isEqualTo("/etc/rootkey/tls");
              assertThat(m.getReadOnly()).isTrue();
              assertThat(m.getSubPath()).isNull();
            });
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tls");
              assertThat(v.getSecret().getSecretName()).isEqualTo(TLS_SECRET);
            });
    assertThat(env(container))
        .containsEntry("TLS_CERT_FILE", "/etc/rootkey/tls/tls.crt")
        .containsEntry("TLS_KEY_FILE", "/etc/rootkey/tls/tls.key")
        .containsEntry("TLS_MIN_VERSION", "1.3");
  }

  @Test
  void anExistingSecretIsServedWithoutCertManager() {
    Chart.Rendered rendered =
        Chart.render(
            "webhook:\n  tls:\n    certManager: {enabled: false}\n    existingSecret: my-tls\n"
                + "    minVersion: '1.2'\n  admission:\n    enabled: false\n");

    assertThat(kinds(rendered)).doesNotContain("Certificate", "Issuer");
    PodSpec pod = rendered.one(Deployment.class, WEBHOOK).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("tls"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-tls"));
    assertThat(env(pod.getContainers().get(0))).containsEntry("TLS_MIN_VERSION", "1.2");
  }

  @Test
  void withoutCertManagerOrAnExistingSecretTheRenderFailsSayingWhatToSet() {
    assertThatThrownBy(() -> Chart.render("webhook:\n  tls:\n    certManager: {enabled: false}\n"))
        .hasMessageContaining(
            "webhook.tls.existingSecret is required when webhook.tls.enabled is true and"
                + " webhook.tls.certManager.enabled is false");
  }

  @Test
  void withTlsOffThereIsNoCertificateNoMountNoTlsEnvAndPlainHttp() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");

    assertThat(kinds(rendered)).doesNotContain("Certificate", "Issuer");
    PodSpec pod = rendered.one(Deployment.class, WEBHOOK).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("tls"));
    Container container = pod.getContainers().get(0);
    assertThat(container.getVolumeMounts()).noneMatch(m -> m.getName().equals("tls"));
    assertThat(env(container)).doesNotContainKeys("TLS_CERT_FILE", "TLS_KEY_FILE");
    assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isNull();
    assertThat(container.getPorts().get(0).getName()).isEqualTo("http");
  }

  private static GenericKubernetesResource one(Chart.Rendered rendered, String kind) {
    List<GenericKubernetesResource> found =
        rendered.all(GenericKubernetesResource.class, o -> o.getKind().equals(kind));
    assertThat(found).as("%s among %s", kind, rendered.names()).hasSize(1);
    return found.get(0);
  }

  private static List<String> kinds(Chart.Rendered rendered) {
    return rendered.stream().map(o -> o.getKind()).toList();
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
