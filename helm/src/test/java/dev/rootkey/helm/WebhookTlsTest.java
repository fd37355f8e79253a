package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

/**
 * The webhook serves HTTPS by default, from a certificate the chart makes, one cert-manager issues
 * or one that exists.
 */
class WebhookTlsTest {

  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String TLS_SECRET = WEBHOOK + "-tls";
  private static final String CA = WEBHOOK + "-ca";
  private static final String CHART_TLS_SECRET = "rootkey-operator-webhook-tls";
  private static final String CHART_CA_SECRET = "rootkey-operator-webhook-ca";
  private static final String ADMISSION = "rootkey-operator-admission";
  private static final List<String> DNS_NAMES =
      List.of(
          WEBHOOK,
          WEBHOOK + ".rootkey-system",
          WEBHOOK + ".rootkey-system.svc",
          WEBHOOK + ".rootkey-system.svc.cluster.local",
          ADMISSION,
          ADMISSION + ".rootkey-system",
          ADMISSION + ".rootkey-system.svc",
          ADMISSION + ".rootkey-system.svc.cluster.local");
  static final String CERT_MANAGER = "webhook:\n  tls:\n    certManager: {enabled: true}\n";

  @Test
  void onABareClusterTheDefaultRenderNeedsNeitherCertManagerNorThePrometheusOperator() {
    assertThat(Chart.defaults().stream())
        .extracting(o -> o.getApiVersion())
        .noneMatch(v -> v.startsWith("cert-manager.io/"))
        .noneMatch(v -> v.startsWith("monitoring.coreos.com/"));
  }

  @Test
  void byDefaultTheChartServesACertificateForBothServicesSignedByTheCaInCaCrt() throws Exception {
    Secret secret = Chart.defaults().one(Secret.class, CHART_TLS_SECRET);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    X509Certificate served = certificate(secret, "tls.crt");
    X509Certificate ca = certificate(secret, "ca.crt");

    // What a caller checks: the chain, the names, the dates, and that the key is the certificate's.
    served.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(served.getBasicConstraints()).isEqualTo(-1);
    assertThat(dnsNames(served)).containsExactlyInAnyOrderElementsOf(DNS_NAMES);
    served.checkValidity();
    ca.checkValidity();
    assertThat(
            Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(729), Duration.ofDays(731));
    assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(3649), Duration.ofDays(3651));
    assertKeyBelongsTo(privateKey(secret), served);
  }

  @Test
  void theChartsCaIsKeptInASecretOfItsOwnThatUpgradesReuseAndUninstallLeavesBehind()
      throws Exception {
    Chart.Rendered defaults = Chart.defaults();
    Secret caSecret = defaults.one(Secret.class, CHART_CA_SECRET);
    Secret served = defaults.one(Secret.class, CHART_TLS_SECRET);

    assertThat(caSecret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(caSecret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(served.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/resource-policy");
    X509Certificate ca = certificate(caSecret, "tls.crt");
    assertThat(ca).isEqualTo(certificate(served, "ca.crt"));
    assertKeyBelongsTo(privateKey(caSecret), ca);
  }

  @Test
  void withoutTheClusterEachRenderMakesANewCaThatItsOwnCertificateChainsTo() throws Exception {
    // `helm template` and GitOps renderers cannot look up the kept CA: see docs/install.md,
    // "TLS modes".
    Secret one = Chart.defaults().one(Secret.class, CHART_TLS_SECRET);
    Secret another =
        Chart.render("nameOverride: rootkey-operator\n").one(Secret.class, CHART_TLS_SECRET);

    assertThat(certificate(another, "ca.crt")).isNotEqualTo(certificate(one, "ca.crt"));
    certificate(another, "tls.crt").verify(certificate(another, "ca.crt").getPublicKey());
  }

  @Test
  void withAdmissionOffTheChartsCertificateNamesThePublicServiceOnly() throws Exception {
    Secret secret =
        Chart.render("webhook:\n  admission:\n    enabled: false\n")
            .one(Secret.class, CHART_TLS_SECRET);

    assertThat(dnsNames(certificate(secret, "tls.crt")))
        .containsExactlyInAnyOrderElementsOf(DNS_NAMES.subList(0, 4));
  }

  @Test
  void withCertManagerChosenItIssuesACertificateForTheServiceFromTheReleasesOwnCa() {
    Chart.Rendered defaults = Chart.render(CERT_MANAGER);

    assertThat(defaults.all(Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .doesNotContain(CHART_TLS_SECRET, CHART_CA_SECRET);

    GenericKubernetesResource certificate = named(defaults, "Certificate", WEBHOOK);
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat((String) certificate.get("spec", "secretName")).isEqualTo(TLS_SECRET);
    List<String> dnsNames = certificate.get("spec", "dnsNames");
    // The public Service's names, then the admission Service's: the API server checks the
    // certificate against <admission service>.<namespace>.svc.
    assertThat(dnsNames).containsExactlyElementsOf(DNS_NAMES);
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
    Chart.Rendered defaults = Chart.render(CERT_MANAGER);
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
        Chart.render(
            "webhook:\n  tls:\n    certManager:\n      enabled: true\n      caDuration: 43800h\n");

    assertThat((String) named(rendered, "Certificate", CA).get("spec", "duration"))
        .isEqualTo("43800h");
    assertThat((Object) named(rendered, "Certificate", WEBHOOK).get("spec", "duration")).isNull();
  }

  @Test
  void aNamedIssuerIsUsedAndNoCaOfTheReleasesOwnIsCreated() {
    Chart.Rendered rendered =
        Chart.render(
            "webhook:\n  tls:\n    certManager:\n      enabled: true\n"
                + "      issuerRef: {name: internal-ca}\n");

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
    assertMountsReadOnly(Chart.defaults(), CHART_TLS_SECRET);
    assertMountsReadOnly(Chart.render(CERT_MANAGER), TLS_SECRET);
  }

  private static void assertMountsReadOnly(Chart.Rendered rendered, String secretName) {
    Deployment deployment = rendered.one(Deployment.class, WEBHOOK);
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
              assertThat(v.getSecret().getSecretName()).isEqualTo(secretName);
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
    assertThat(rendered.all(Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .doesNotContain(CHART_TLS_SECRET, CHART_CA_SECRET);
    PodSpec pod = rendered.podSpec(WEBHOOK);
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("tls"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-tls"));
    assertThat(env(pod.getContainers().get(0))).containsEntry("TLS_MIN_VERSION", "1.2");
  }

  @Test
  void withTlsOffThereIsNoCertificateNoMountNoTlsEnvAndPlainHttp() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");

    assertThat(kinds(rendered)).doesNotContain("Certificate", "Issuer");
    assertThat(rendered.all(Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .doesNotContain(CHART_TLS_SECRET, CHART_CA_SECRET);
    PodSpec pod = rendered.podSpec(WEBHOOK);
    assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("tls"));
    Container container = pod.getContainers().get(0);
    assertThat(container.getVolumeMounts()).noneMatch(m -> m.getName().equals("tls"));
    assertThat(env(container)).doesNotContainKeys("TLS_CERT_FILE", "TLS_KEY_FILE");
    assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isNull();
    assertThat(container.getPorts().get(0).getName()).isEqualTo("http");
  }

  private static X509Certificate certificate(Secret secret, String key)
      throws CertificateException {
    byte[] pem = Base64.getDecoder().decode(secret.getData().get(key));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  private static PrivateKey privateKey(Secret secret) throws IOException {
    String pem =
        new String(
            Base64.getDecoder().decode(secret.getData().get("tls.key")), StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPrivate();
    }
  }

  /** Signs with the key and verifies with the certificate, as a TLS handshake would. */
  private static void assertKeyBelongsTo(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    byte[] message = "handshake".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256with" + key.getAlgorithm());
    signer.initSign(key);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256with" + key.getAlgorithm());
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(message);
    assertThat(verifier.verify(signature)).as("the key belongs to the certificate").isTrue();
  }

  private static List<String> dnsNames(X509Certificate certificate)
      throws CertificateParsingException {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(name -> (Integer) name.get(0) == 2) // dNSName
        .map(name -> (String) name.get(1))
        .toList();
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
