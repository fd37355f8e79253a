package dev.rootkey.webhook;

import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.tls.TestingCertificates;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * The scanner-webhook registered with a real API server as the chart registers it
 * (templates/admission-webhooks.yaml: same names, rules, failurePolicy, sideEffects and review
 * versions), except that the API server reaches it by URL, on 127.0.0.1 where the test runs it (the
 * admission endpoints' own port, as the chart's admission Service targets), and only for namespaces
 * labelled {@code selector}: other tests sharing the API server never see it (1.20 does not label
 * namespaces with their name yet, so the test labels its own).
 */
final class AdmissionRegistration implements AutoCloseable {

  /** The chart's default: how long the API server waits before going on without the webhook. */
  private static final int TIMEOUT_SECONDS = 5;

  private final KubernetesClient client;
  private final String name;

  private AdmissionRegistration(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /**
   * Registers the mutating and the validating webhook under {@code name}.
   *
   * @param port the webhook's admission port (not its public one, which answers 404 there)
   * @param ca the CA that signed the certificate the webhook serves on 127.0.0.1
   * @param selector the one label a namespace carries to have its RootKeys admitted here
   */
  static AdmissionRegistration register(
      KubernetesClient client,
      String name,
      int port,
      X509Certificate ca,
      Map.Entry<String, String> selector) {
    String caBundle =
        Base64.getEncoder()
            .encodeToString(TestingCertificates.pem(ca).getBytes(StandardCharsets.US_ASCII));
    LabelSelector namespaces =
        new LabelSelectorBuilder().addToMatchLabels(selector.getKey(), selector.getValue()).build();
    MutatingWebhookConfiguration mutating =
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .addNewWebhook()
            .withName("rotation-requester.rootkey.dev")
            .withAdmissionReviewVersions("v1")
            .withMatchPolicy("Equivalent")
            .withFailurePolicy("Ignore")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withClientConfig(clientConfig(port, RootKeyAdmission.MUTATE_PATH, caBundle))
            .withNamespaceSelector(namespaces)
            .withRules(rule("UPDATE"))
            .withSideEffects("None")
            .withReinvocationPolicy("Never")
            .endWebhook()
            .build();
    ValidatingWebhookConfiguration validating =
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .addNewWebhook()
            .withName("audit.rootkey.dev")
            .withAdmissionReviewVersions("v1")
            .withMatchPolicy("Equivalent")
            .withFailurePolicy("Ignore")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withClientConfig(clientConfig(port, RootKeyAdmission.VALIDATE_PATH, caBundle))
            .withNamespaceSelector(namespaces)
            .withRules(rule("CREATE", "UPDATE", "DELETE"))
            .withSideEffects("NoneOnDryRun")
            .endWebhook()
            .build();
    AdmissionRegistration registration = new AdmissionRegistration(client, name);
    client.resource(mutating).create();
    client.resource(validating).create();
    return registration;
  }

  private static WebhookClientConfig clientConfig(int port, String path, String caBundle) {
    return new WebhookClientConfigBuilder()
        .withUrl("https://127.0.0.1:" + port + path)
        .withCaBundle(caBundle)
        .build();
  }

  private static RuleWithOperations rule(String... operations) {
    return new RuleWithOperationsBuilder()
        .withApiGroups("rootkey.dev")
        .withApiVersions("v1alpha1")
        .withResources("rootkeys")
        .withScope("Namespaced")
        .withOperations(operations)
        .build();
  }

  /** Unregisters both, so that nothing else on the API server calls a webhook that is gone. */
  @Override
  public void close() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
    client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
  }
}
