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
  private static final String CA = WEBHOOK + "-ca";
  private static final String ADMISSION = "rootkey-operator-admission";

  @Test
  void byDefaultCertManagerIssuesACertificateForTheServiceFromTheReleasesOwnCa() {
    Chart.Rendered defaults = Chart.defaults();

    GenericKubernetesResource certificate = named(defaults, "Certificate", WEBHOOK);
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat((String) certificate.get("spec", "secretName")).isEqualTo(TLS_SECRET);
    List<String> dnsNames = certificate.get("spec", "dnsNames");
    // The public Service's names, then the admission Service's: the API server checks the
    // certificate against <admission service>.<namespace>.svc.
    assertThat(dnsNames)
        .containsExactly(
            WEBHOOK,
            WEBHOOK + ".rootkey-system",
            WEBHOOK + ".rootkey-system.svc",
            WEBHOOK + ".rootkey-system.svc.cluster.local",
            ADMISSION,
            ADMISSION + ".rootkey-system",
            ADMISSION + ".rootkey-system.svc",
            ADMISSION + ".rootkey-system.svc.cluster.local");
    assertThat((Object) certificate.get("spec", "isCA")).isNull();
    Map<String, Object> privateKey = certificate.get("spec", "privateKey");
    assertThat(privateKey).containsEntry("rotationPolicy", "Always");
    Map<String, Object> issuerRef = certificate.get("spec", "issuerRef");
    assertThat(issuerRef)
        .containsEntry("name", CA)
        .containsEntry("kind", "Issuer")
        .containsEntry("group", "cert-manager.io");
  }

  @Test
  void theReleasesCaIsBootstrappedFromASelfSignedIssuerTheCertManagerWay() {
    Chart.Rendered defaults = Chart.defaults();
    assertThat(defaults.names())
        .filteredOn(n -> n.startsWith("Issuer/") || n.startsWith("Certificate/"))
        .containsExactlyInAnyOrder(
            "Issuer/" + WEBHOOK + "-selfsigned",
            "Certificate/" + CA,
            "Issuer/" + CA,
            "Certificate/" + WEBHOOK);

    // 1. A self-signed Issuer, which signs nothing but the CA.
    GenericKubernetesResource selfSigned = named(defaults, "Issuer", WEBHOOK + "-selfsigned");
    assertThat((Object) selfSigned.get("spec", "selfSigned")).isNotNull();

    // 2. The CA certificate: isCA, ten years, ECDSA P-256, in a Secret of its own.
    GenericKubernetesResource caCertificate = named(defaults, "Certificate", CA);
    assertThat((Boolean) caCertificate.get("spec", "isCA")).isTrue();
    assertThat((String) caCertificate.get("spec", "commonName")).isEqualTo(CA);
    assertThat((String) caCertificate.get("spec", "secretName")).isEqualTo(CA);
    assertThat((String) caCertificate.get("spec", "duration")).isEqualTo("87600h");
    assertThat((Object) caCertificate.get("spec", "dnsNames")).isNull();
    Map<String, Object> caKey = caCertificate.get("spec", "privateKey");
    assertThat(caKey)
        .containsEntry("algorithm", "ECDSA")
        .containsEntry("size", 256)
        .containsEntry("rotationPolicy", "Never");
    Map<String, Object> caIssuerRef = caCertificate.get("spec", "issuerRef");
    assertThat(caIssuerRef)
        .containsEntry("name", selfSigned.getMetadata().getName())
        .containsEntry("kind", "Issuer")
        .containsEntry("group", "cert-manager.io");

    // 3. A CA Issuer signing with the key and certificate in that Secret.
    GenericKubernetesResource caIssuer = named(defaults, "Issuer", CA);
    assertThat((Object) caIssuer.get("spec", "selfSigned")).isNull();
    assertThat((String) caIssuer.get("spec", "ca", "secretName"))
        .isEqualTo(caCertificate.get("spec", "secretName"));

    // 4. The serving certificate, signed by the CA Issuer (not the self-signed one).
    Map<String, Object> servingIssuerRef =
        named(defaults, "Certificate", WEBHOOK).get("spec", "issuerRef");
    assertThat(servingIssuerRef)
        .containsEntry("name", caIssuer.getMetadata().getName())
        .containsEntry("kind", caIssuer.getKind());

    assertThat(
            defaults.all(
                GenericKubernetesResource.class,
                o -> o.getApiVersion().equals("cert-manager.io/v1")))
        .hasSize(4)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
              assertThat(o.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/component", "scanner-webhook")
                  .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            });
  }

  @Test
  void theCasLifetimeIsAValue() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    certManager:\n      caDuration: 43800h\n");

    assertThat((String) named(rendered, "Certificate", CA).get("spec", "duration"))
        .isEqualTo("43800h");
    assertThat((Object) named(rendered, "Certificate", WEBHOOK).get("spec", "duration")).isNull();
  }

  @Test
  void aNamedIssuerIsUsedAndNoCaOfTheReleasesOwnIsCreated() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    certManager:\n      issuerRef: {name: internal-ca}\n");

    Map<String, Object> issuerRef = one(rendered, "Certificate").get("spec", "issuerRef");
    assertThat(issuerRef)
        .containsEntry("name", "internal-ca")
        .containsEntry("kind", "ClusterIssuer")
        .containsEntry("group", "cert-manager.io");
    assertThat(kinds(rendered)).doesNotContain("Issuer");
    assertThat(rendered.names())
        .filteredOn(n -> n.startsWith("Certificate/"))
        .containsExactly("Certificate/" + WEBHOOK);
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

  private static GenericKubernetesResource named(
      Chart.Rendered rendered, String kind, String name) {
    List<GenericKubernetesResource> found =
        rendered.all(
            GenericKubernetesResource.class,
            o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
    assertThat(found).as("%s/%s among %s", kind, name, rendered.names()).hasSize(1);
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
