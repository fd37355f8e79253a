package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scanner-webhook registered as the API server's admission webhook for RootKeys. */
class AdmissionWebhooksTest {

  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String ADMISSION = "rootkey-operator-admission";
  private static final String INJECT_CA_FROM = "cert-manager.io/inject-ca-from";
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n";
  private static final String EXISTING_SECRET =
      "webhook:\n  tls:\n    certManager: {enabled: false}\n    existingSecret: my-tls\n";

  @Test
  void theMutatingWebhookStampsRotationRequestsOnUpdatesOfRootKeysOnly() {
    MutatingWebhook webhook = mutating(Chart.defaults());

    assertThat(webhook.getName()).isEqualTo("rotation-requester.rootkey.dev");
    assertThat(webhook.getClientConfig().getService().getPath())
        .isEqualTo("/admission/rootkeys/mutate");
    assertRootKeyRule(webhook.getRules(), "UPDATE");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
  }

  @Test
  void theValidatingWebhookAuditsCreateUpdateAndDeleteAndSkipsDryRuns() {
    ValidatingWebhook webhook = validating(Chart.defaults());

    assertThat(webhook.getName()).isEqualTo("audit.rootkey.dev");
    assertThat(webhook.getClientConfig().getService().getPath())
        .isEqualTo("/admission/rootkeys/validate");
    assertRootKeyRule(webhook.getRules(), "CREATE", "UPDATE", "DELETE");
    // An outage of the webhook must never block a user.
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    // It writes an audit record, except for a dry run.
    assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
  }

  @Test
  void bothCallTheAdmissionServiceWhichReachesOnlyTheWebhooksAdmissionPort() {
    // The public Service's port has no say: the admission Service is another one.
    for (Chart.Rendered rendered :
        List.of(Chart.defaults(), Chart.render("webhook:\n  service:\n    port: 8443\n"))) {
      Service service = rendered.one(Service.class, ADMISSION);
      ServicePort port = service.getSpec().getPorts().get(0);
      assertThat(service.getSpec().getPorts()).hasSize(1);
      assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(port.getName()).isEqualTo("https");
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("admission");
      for (WebhookClientConfig config : clientConfigs(rendered)) {
        ServiceReference reference = config.getService();
        assertThat(reference.getName()).isEqualTo(ADMISSION);
        assertThat(reference.getNamespace())
            .isEqualTo(service.getMetadata().getNamespace())
            .isEqualTo(Chart.NAMESPACE);
        assertThat(reference.getPort()).isEqualTo(port.getPort()).isEqualTo(443);
        assertThat(config.getUrl()).isNull();
      }

      // The Service's target is the webhook's admission port, where ADMISSION_PORT has it listen.
      Container container = rendered.podSpec(WEBHOOK).getContainers().get(0);
      ContainerPort admission =
          container.getPorts().stream()
              .filter(p -> p.getName().equals("admission"))
              .findFirst()
              .orElseThrow();
      assertThat(admission.getContainerPort()).isEqualTo(8443);
      assertThat(env(container, "ADMISSION_PORT")).isEqualTo("8443");
      assertThat(service.getSpec().getSelector())
          .isEqualTo(
              rendered.one(Deployment.class, WEBHOOK).getSpec().getSelector().getMatchLabels());
      // And the public Service does not lead there.
      assertThat(rendered.one(Service.class, WEBHOOK).getSpec().getPorts())
          .extracting(p -> p.getTargetPort().getStrVal())
          .containsExactly("https");
    }
  }

  @Test
  void theApiServerKeepsTalkingToOneWebhookPodSoARepeatedAskIsRecognised() {
    for (Chart.Rendered rendered :
        List.of(
            Chart.defaults(), Chart.render("webhook:\n  service:\n    sessionAffinity: None\n"))) {
      assertThat(rendered.one(Service.class, ADMISSION).getSpec().getSessionAffinity())
          .isEqualTo("ClientIP");
    }
    // The public Service's callers are spread over the pods unless asked otherwise.
    assertThat(Chart.defaults().one(Service.class, WEBHOOK).getSpec().getSessionAffinity())
        .isEqualTo("None");
    assertThat(
            Chart.render("webhook:\n  service:\n    sessionAffinity: ClientIP\n")
                .one(Service.class, WEBHOOK)
                .getSpec()
                .getSessionAffinity())
        .isEqualTo("ClientIP");
  }

  @Test
  void theAdmissionServiceIsNotWhatTheWebhooksServiceMonitorScrapes() {
    Chart.Rendered production = Chart.production();
    Service admission = production.one(Service.class, ADMISSION);
    GenericKubernetesResource monitor =
        production
            .all(
                GenericKubernetesResource.class,
                o ->
                    o.getKind().equals("ServiceMonitor")
                        && o.getMetadata().getName().equals(WEBHOOK))
            .get(0);
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");

    assertThat(admission.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .isFalse();
  }

  @Test
  void withAdmissionOffThereIsNoAdmissionServiceAndNoAdmissionPort() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");

    assertThat(rendered.all(Service.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("rootkey-operator", WEBHOOK);
    Container container = rendered.podSpec(WEBHOOK).getContainers().get(0);
    assertThat(container.getPorts()).extracting(ContainerPort::getName).containsExactly("http");
    assertThat(env(container, "ADMISSION_PORT")).isEqualTo("off");
  }

  @Test
  void byDefaultBothConfigurationsTrustTheCaInTheSecretTheWebhookServes() {
    Chart.Rendered defaults = Chart.defaults();
    Secret served = defaults.one(Secret.class, servedSecret(defaults));

    assertThat(served.getData().get("ca.crt")).isNotBlank();
    assertThat(clientConfigs(defaults))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.getCaBundle()).isEqualTo(served.getData().get("ca.crt")));
    for (var configuration : configurations(defaults)) {
      assertThat(configuration.getMetadata().getAnnotations()).doesNotContainKey(INJECT_CA_FROM);
    }
  }

  @Test
  void withCertManagerTheCaInjectorFillsTheCaBundleFromTheCertificateTheWebhookServes() {
    Chart.Rendered defaults = Chart.render(WebhookTlsTest.CERT_MANAGER);
    String servedSecret = servedSecret(defaults);
    GenericKubernetesResource certificate = certificateInto(defaults, servedSecret);

    String expected =
        certificate.getMetadata().getNamespace() + "/" + certificate.getMetadata().getName();
    assertThat(expected).isEqualTo(Chart.NAMESPACE + "/" + WEBHOOK);
    for (var configuration : configurations(defaults)) {
      assertThat(configuration.getMetadata().getAnnotations())
          .containsEntry(INJECT_CA_FROM, expected);
    }
    assertThat(clientConfigs(defaults)).allSatisfy(c -> assertThat(c.getCaBundle()).isNull());
  }

  @Test
  void theInjectedCaIsTheReleasesCaSoRenewalsOfTheServingCertificateLeaveTheCaBundleAlone() {
    Chart.Rendered defaults = Chart.render(WebhookTlsTest.CERT_MANAGER);
    String injectedFrom =
        configurations(defaults).get(0).getMetadata().getAnnotations().get(INJECT_CA_FROM);
    GenericKubernetesResource serving =
        certificate(defaults, injectedFrom.substring(injectedFrom.indexOf('/') + 1));

    // The injector copies ca.crt of the serving Certificate's Secret; a CA Issuer writes its CA
    // there, the certificate of the CA Certificate behind it: isCA, not the serving certificate.
    String issuerName = serving.get("spec", "issuerRef", "name");
    assertThat((String) serving.get("spec", "issuerRef", "kind")).isEqualTo("Issuer");
    GenericKubernetesResource issuer =
        defaults
            .all(
                GenericKubernetesResource.class,
                o -> o.getKind().equals("Issuer") && o.getMetadata().getName().equals(issuerName))
            .get(0);
    String caSecret = issuer.get("spec", "ca", "secretName");
    assertThat(caSecret).isEqualTo(WEBHOOK + "-ca");
    GenericKubernetesResource ca = certificateInto(defaults, caSecret);
    assertThat((Boolean) ca.get("spec", "isCA")).isTrue();
    assertThat((String) ca.get("spec", "duration")).isEqualTo("87600h");
    assertThat(ca.getMetadata().getName()).isNotEqualTo(serving.getMetadata().getName());
  }

  @Test
  void withAnExistingSecretTheCaBundleComesFromTheValuesWithoutLineBreaks() {
    String encoded = Base64.getMimeEncoder().encodeToString(PEM.getBytes(StandardCharsets.UTF_8));
    assertThat(encoded).contains("\r\n");
    Chart.Rendered rendered =
        Chart.render(
            EXISTING_SECRET
                + "  admission:\n    caBundle: |\n      "
                + encoded.replace("\r\n", "\n      ")
                + "\n");

    assertThat(clientConfigs(rendered))
        .hasSize(2)
        .allSatisfy(
            c ->
                assertThat(
                        new String(
                            Base64.getDecoder().decode(c.getCaBundle()), StandardCharsets.UTF_8))
                    .isEqualTo(PEM));
    for (var configuration : configurations(rendered)) {
      assertThat(configuration.getMetadata().getAnnotations()).doesNotContainKey(INJECT_CA_FROM);
    }
  }

  @Test
  void aCaBundleGivenWithCertManagerReplacesTheInjector() {
    String encoded = Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.UTF_8));
    Chart.Rendered rendered =
        Chart.render(WebhookTlsTest.CERT_MANAGER + "  admission:\n    caBundle: " + encoded + "\n");

    assertThat(clientConfigs(rendered))
        .allSatisfy(c -> assertThat(c.getCaBundle()).isEqualTo(encoded));
    for (var configuration : configurations(rendered)) {
      assertThat(configuration.getMetadata().getAnnotations()).doesNotContainKey(INJECT_CA_FROM);
    }
  }

  @Test
  void withAnExistingSecretAndNoCaBundleTheRenderFailsSayingWhatToSet() {
    assertThatThrownBy(() -> Chart.render(EXISTING_SECRET))
        .hasMessageContaining(
            "webhook.admission.caBundle is required with webhook.tls.existingSecret")
        .hasMessageContaining("base64 -w0 ca.crt")
        .hasMessageContaining("webhook.admission.enabled=false");
  }

  @Test
  void aCaBundleGivenAsPemInsteadOfBase64FailsTheRender() {
    assertThatThrownBy(
            () ->
                Chart.render(
                    EXISTING_SECRET
                        + "  admission:\n    caBundle: '"
                        + Base64.getEncoder()
                            .encodeToString("not a certificate".getBytes(StandardCharsets.UTF_8))
                        + "'\n"))
        .hasMessageContaining(
            "webhook.admission.caBundle must be the base64 of the PEM CA certificate");
  }

  @Test
  void withTlsOffTheRenderFailsSayingTheApiServerOnlyCallsWebhooksOverHttps() {
    assertThatThrownBy(() -> Chart.render("webhook:\n  tls:\n    enabled: false\n"))
        .hasMessageContaining("webhook.admission.enabled=true needs webhook.tls.enabled=true")
        .hasMessageContaining("over HTTPS only")
        .hasMessageContaining("set webhook.admission.enabled=false");
  }

  @Test
  void switchedOffThereAreNoWebhookConfigurationsAndPlainHttpRenders() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");

    assertThat(configurations(rendered)).isEmpty();
  }

  @Test
  void theTimeoutFollowsTheValue() {
    Chart.Rendered rendered = Chart.render("webhook:\n  admission:\n    timeoutSeconds: 10\n");

    assertThat(mutating(rendered).getTimeoutSeconds()).isEqualTo(10);
    assertThat(validating(rendered).getTimeoutSeconds()).isEqualTo(10);
  }

  @Test
  void aNamespacedInstallSendsOnlyTheRootKeysOfItsNamespacesAndAClusterWideOneAll() {
    assertThat(mutating(Chart.defaults()).getNamespaceSelector()).isNull();
    assertThat(validating(Chart.defaults()).getNamespaceSelector()).isNull();

    Chart.Rendered production = Chart.production();
    for (var selector :
        List.of(
            mutating(production).getNamespaceSelector(),
            validating(production).getNamespaceSelector())) {
      assertThat(selector.getMatchLabels()).isEmpty();
      assertThat(selector.getMatchExpressions())
          .singleElement()
          .satisfies(
              (LabelSelectorRequirement e) -> {
                assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                assertThat(e.getOperator()).isEqualTo("In");
                assertThat(e.getValues()).containsExactly("payments", "search");
              });
    }
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name))
        .getValue();
  }

  private static String servedSecret(Chart.Rendered rendered) {
    return rendered.podSpec(WEBHOOK).getVolumes().stream()
        .filter(v -> v.getName().equals("tls"))
        .findFirst()
        .orElseThrow()
        .getSecret()
        .getSecretName();
  }

  private static void assertRootKeyRule(List<RuleWithOperations> rules, String... operations) {
    assertThat(rules)
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("rootkey.dev");
              assertThat(rule.getApiVersions()).containsExactly("v1alpha1");
              assertThat(rule.getResources()).containsExactly("rootkeys");
              assertThat(rule.getOperations()).containsExactly(operations);
              assertThat(rule.getScope()).isEqualTo("Namespaced");
            });
  }

  private static GenericKubernetesResource certificate(Chart.Rendered rendered, String name) {
    List<GenericKubernetesResource> found =
        rendered.all(
            GenericKubernetesResource.class,
            o -> o.getKind().equals("Certificate") && o.getMetadata().getName().equals(name));
    assertThat(found).as("Certificate %s among %s", name, rendered.names()).hasSize(1);
    return found.get(0);
  }

  private static GenericKubernetesResource certificateInto(
      Chart.Rendered rendered, String secretName) {
    List<GenericKubernetesResource> found =
        rendered.all(
            GenericKubernetesResource.class,
            o ->
                o.getKind().equals("Certificate")
                    && secretName.equals(o.get("spec", "secretName")));
    assertThat(found).as("Certificate into Secret %s", secretName).hasSize(1);
    return found.get(0);
  }

  private static MutatingWebhook mutating(Chart.Rendered rendered) {
    MutatingWebhookConfiguration configuration =
        rendered.one(MutatingWebhookConfiguration.class, WEBHOOK);
    assertThat(configuration.getWebhooks()).hasSize(1);
    return configuration.getWebhooks().get(0);
  }

  private static ValidatingWebhook validating(Chart.Rendered rendered) {
    ValidatingWebhookConfiguration configuration =
        rendered.one(ValidatingWebhookConfiguration.class, WEBHOOK);
    assertThat(configuration.getWebhooks()).hasSize(1);
    return configuration.getWebhooks().get(0);
  }

  private static List<io.fabric8.kubernetes.api.model.HasMetadata> configurations(
      Chart.Rendered rendered) {
    return rendered.stream()
        .filter(
            o ->
                o instanceof MutatingWebhookConfiguration
                    || o instanceof ValidatingWebhookConfiguration)
        .toList();
  }

  private static List<WebhookClientConfig> clientConfigs(Chart.Rendered rendered) {
    return List.of(mutating(rendered).getClientConfig(), validating(rendered).getClientConfig());
  }
}
