package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as `helm install` prints it (a client-only dry run: no cluster needed). */
class NotesTest {

  /** Base64 of a PEM certificate, as webhook.admission.caBundle takes it. */
  private static final String CA_BUNDLE =
      Base64.getEncoder()
          .encodeToString(
              "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n"
                  .getBytes(StandardCharsets.UTF_8));

  @Test
  void theNotesSayWhereKeysLandAndHowToRegisterTheWebhookWithGitHub() {
    String notes = install().call().getOutput();

    assertThat(notes)
        .contains("kind: RootKey")
        .contains("ROOT_KEY")
        .contains("rootkey_root_key")
        .contains("rk_[0-9A-Za-z]{36}")
        .contains("https://<host>/github/secret-scanning")
        .contains("webhook.ingress.enabled=true")
        .contains("kubectl apply -f helm/rootkey-operator/crds/");
  }

  @Test
  void theNotesSayTheAdmissionWebhooksRecordWhoChangedRootKeysAndWhoFillsTheirCaBundle() {
    String notes = install().call().getOutput();

    assertThat(notes)
        .contains("admission webhook for RootKeys")
        .contains("ValidatingWebhookConfiguration rootkey-operator-scanner-webhook")
        .contains("failurePolicy Ignore")
        .doesNotContain("cert-manager")
        .contains("through\nService rootkey-operator-admission (port 443")
        .contains("never the public Service or the Ingress")
        .doesNotContain("must also name")
        .doesNotContain("ValidatingAdmissionPolicy")
        .doesNotContain("PrometheusRule");
  }

  @Test
  void withAnExistingSecretTheNotesSayItsCertificateMustNameTheAdmissionService() {
    String notes =
        install()
            .set("webhook.tls.certManager.enabled", "false")
            .set("webhook.tls.existingSecret", "my-tls")
            .set("webhook.admission.caBundle", CA_BUNDLE)
            .call()
            .getOutput();

    assertThat(notes)
        .contains(
            "The certificate in Secret my-tls must also name"
                + " rootkey-operator-admission.rootkey-system.svc.");
  }

  @Test
  void theNotesSayTheChartsCaSignsTheWebhooksCertificateAndHowToGetIt() {
    String notes = install().call().getOutput();

    assertThat(notes)
        .contains("signed by a CA of this release's own (Secret\nrootkey-operator-webhook-ca")
        .contains(
            "kubectl get secret rootkey-operator-webhook-tls -n rootkey-system \\\n"
                + "     -o jsonpath='{.data.ca\\.crt}' | base64 -d > rootkey-webhook-ca.crt");
  }

  @Test
  void withCertManagerTheNotesSayWhichCaSignsTheWebhooksCertificateAndHowToGetIt() {
    String notes = install().set("webhook.tls.certManager.enabled", "true").call().getOutput();

    assertThat(notes)
        .contains("cert-manager's CA injector fills in their caBundle")
        .contains(
            "signed by a CA of this release's own (Certificate\nrootkey-operator-scanner-webhook-ca, valid 87600h)")
        .contains(
            "kubectl get secret rootkey-operator-scanner-webhook-tls -n rootkey-system \\\n"
                + "     -o jsonpath='{.data.ca\\.crt}' | base64 -d > rootkey-webhook-ca.crt");
  }

  @Test
  void withANamedIssuerTheNotesLeaveTheCaToIt() {
    String notes =
        install()
            .set("webhook.tls.certManager.enabled", "true")
            .set("webhook.tls.certManager.issuerRef.name", "internal-ca")
            .call()
            .getOutput();

    assertThat(notes)
        .doesNotContain("a CA of this release's own")
        .contains("cert-manager's CA injector fills in their caBundle");
  }

  @Test
  void withoutTheAdmissionWebhooksTheNotesNameThePolicyThatRefusesDeletions() {
    String notes = install().set("webhook.admission.enabled", "false").call().getOutput();

    assertThat(notes)
        .contains("ValidatingAdmissionPolicy\nrootkey-operator-delete-protection")
        .doesNotContain("admission webhook for RootKeys");
  }

  @Test
  void withAlertsTheNotesNameTheRuleAndItsAlerts() {
    String notes = install().withValuesFile(Chart.PRODUCTION_VALUES).call().getOutput();

    assertThat(notes)
        .contains(
            "Alerts: PrometheusRule rootkey-operator in rootkey-system (RootKeyLeaked,"
                + " RootKeyNotReady, RootKeyExpiringSoon).")
        .doesNotContain("They need the metrics scraped");
  }

  @Test
  void withAnIngressTheNotesGiveTheRealWebhookUrl() {
    String notes = install().withValuesFile(Chart.PRODUCTION_VALUES).call().getOutput();

    assertThat(notes)
        .contains("https://keys.example.com/github/secret-scanning")
        .contains("payments, search")
        .doesNotContain("<host>");
  }

  private static com.marcnuri.helm.InstallCommand install() {
    return Chart.helm()
        .install()
        .withName(Chart.RELEASE)
        .withNamespace(Chart.NAMESPACE)
        .clientOnly()
        .withDryRunOption(DryRun.CLIENT);
  }
}
