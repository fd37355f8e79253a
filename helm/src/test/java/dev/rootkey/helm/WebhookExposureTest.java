package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What of the scanner-webhook is reachable from where: the Ingress routes only public paths to the
 * public Service, over TLS; a NetworkPolicy names who may reach each port; a trusted proxy is one
 * the chart can believe.
 */
class WebhookExposureTest {

  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String INGRESS =
      "webhook:\n  ingress:\n    enabled: true\n    host: keys.example.com\n";
  private static final String WITH_TLS = "    tls: {secretName: keys-tls}\n";

  @Test
  void byDefaultTheIngressRoutesOnlyGitHubsPath() {
    assertThat(paths(Chart.render(INGRESS + WITH_TLS))).containsExactly("/github/secret-scanning");
  }

  @Test
  void verificationIsRoutedFromOutsideOnlyWhenExposed() {
    assertThat(paths(Chart.render(INGRESS + WITH_TLS + "    exposeVerification: true\n")))
        .containsExactly("/github/secret-scanning", "/v2/keys.verifyKey", "/v2/keys.whoami");
  }

  @Test
  void gitLabsPathsAreRoutedOnlyForTheGitLabSourcesEnabled() {
    String partner =
        "gitlab:\n  partnerAlerts: {enabled: true, keysUrl: https://gitlab.example/k}\n";
    String selfManaged =
        "  revocationApi: {enabled: true, tokenSecret: {name: gitlab-revocation}}\n";

    assertThat(paths(Chart.render(INGRESS + WITH_TLS + partner)))
        .containsExactly("/github/secret-scanning", "/gitlab/secret-detection");
    assertThat(paths(Chart.render(INGRESS + WITH_TLS + "gitlab:\n" + selfManaged)))
        .containsExactly(
            "/github/secret-scanning", "/v1/revocable_token_types", "/v1/revoke_tokens");
    assertThat(paths(Chart.render(INGRESS + WITH_TLS + partner + selfManaged)))
        .containsExactly(
            "/github/secret-scanning",
            "/gitlab/secret-detection",
            "/v1/revocable_token_types",
            "/v1/revoke_tokens");
  }

  @Test
  void gitLabSourcesAreOffByDefaultAndEnabledOnesGetTheirKeysUrlAndTheTokenFromItsSecret() {
    assertThat(webhookContainer(Chart.production()).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("GITLAB_KEYS_URL", "GITLAB_REVOCATION_TOKEN");

    List<EnvVar> env =
        webhookContainer(
                Chart.render(
                    "gitlab:\n"
                        + "  partnerAlerts: {enabled: true, keysUrl: https://gitlab.example/k}\n"
                        + "  revocationApi: {enabled: true, tokenSecret: {name: gl, key: t}}\n"))
            .getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("GITLAB_KEYS_URL"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("https://gitlab.example/k");
    EnvVar token =
        env.stream()
            .filter(e -> e.getName().equals("GITLAB_REVOCATION_TOKEN"))
            .findFirst()
            .orElseThrow();
    // From the Secret, never a value in the manifest.
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gl");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("t");
  }

  @Test
  void theRevocationApiRateLimitReachesTheWebhookFromItsValueSixtyAMinuteByDefault() {
    String enabled = "gitlab:\n  revocationApi: {enabled: true, tokenSecret: {name: gl}";
    assertThat(revocationRequestsPerMinute(Chart.render(enabled + "}\n"))).isEqualTo("60");
    assertThat(revocationRequestsPerMinute(Chart.render(enabled + ", requestsPerMinute: 600}\n")))
        .isEqualTo("600");
    assertThatThrownBy(() -> Chart.render(enabled + ", requestsPerMinute: 0}\n"))
        .hasMessageContaining("requestsPerMinute");
  }

  @Test
  void anEnabledGitLabSourceWithoutItsKeysUrlOrTokenSecretFailsTheInstallNamingTheValue() {
    assertThatThrownBy(() -> Chart.render("gitlab:\n  partnerAlerts: {enabled: true}\n"))
        .hasMessageContaining("gitlab.partnerAlerts.keysUrl is required");
    assertThatThrownBy(() -> Chart.render("gitlab:\n  revocationApi: {enabled: true}\n"))
        .hasMessageContaining("gitlab.revocationApi.tokenSecret.name is required");
  }

  @Test
  void theIngressNeverLeadsToTheAdmissionEndpoints() {
    for (Chart.Rendered rendered :
        List.of(
            Chart.production(),
            Chart.render(INGRESS + WITH_TLS + "    exposeVerification: true\n"),
            Chart.render(INGRESS + "    allowPlainHttp: true\n"))) {
      List<HTTPIngressPath> paths =
          rendered.one(Ingress.class, WEBHOOK).getSpec().getRules().get(0).getHttp().getPaths();
      assertThat(paths).isNotEmpty();
      for (HTTPIngressPath path : paths) {
        assertThat(path.getPath()).doesNotStartWith("/admission");
        assertThat(path.getBackend().getService().getName()).isEqualTo(WEBHOOK);
        assertThat(path.getBackend().getService().getPort().getName()).isNotEqualTo("admission");
        // The public Service's port, which targets the public container port only.
        String servicePort = path.getBackend().getService().getPort().getName();
        assertThat(rendered.one(Service.class, WEBHOOK).getSpec().getPorts())
            .filteredOn(p -> p.getName().equals(servicePort))
            .singleElement()
            .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isIn("https", "http"));
      }
    }
  }

  @Test
  void anIngressWithoutTlsFailsTheInstallSayingWhatToSet() {
    assertThatThrownBy(() -> Chart.render(INGRESS))
        .hasMessageContaining("webhook.ingress.tls.secretName is required")
        .hasMessageContaining("webhook.ingress.allowPlainHttp=true");
  }

  @Test
  void plainHttpThroughTheIngressIsAnExplicitChoice() {
    Ingress ingress =
        Chart.render(INGRESS + "    allowPlainHttp: true\n").one(Ingress.class, WEBHOOK);

    assertThat(ingress.getSpec().getTls()).isEmpty();
  }

  @Test
  void aTrustedProxyBlockWiderThanA24OrA64IsRefusedUnlessAllowed() {
    for (String wide : List.of("10.0.0.0/8", "10.244.0.0/16", "10.42.0.0/23", "fd00::/48")) {
      assertThatThrownBy(() -> Chart.render("webhook:\n  trustedProxies: [" + wide + "]\n"))
          .as(wide)
          .hasMessageContaining("webhook.trustedProxies: " + wide + " is wider than")
          .hasMessageContaining("never the pod network")
          .hasMessageContaining("webhook.trustedProxiesAllowBroad=true");
    }
    assertThat(
            trustedProxies(
                Chart.render(
                    "webhook:\n  trustedProxies: [10.0.0.0/8]\n  trustedProxiesAllowBroad: true\n")))
        .isEqualTo("10.0.0.0/8");
    assertThat(
            trustedProxies(
                Chart.render(
                    "webhook:\n  trustedProxies: [10.42.250.0/24, 192.168.1.10, fd00:1::/64,"
                        + " 2001:db8::7]\n")))
        .isEqualTo("10.42.250.0/24,192.168.1.10,fd00:1::/64,2001:db8::7");
  }

  @Test
  void byDefaultTheNetworkPolicyOpensOnlyTheTwoPortsTheWebhookServesToEveryone() {
    Chart.Rendered defaults = Chart.defaults();
    NetworkPolicy policy = defaults.one(NetworkPolicy.class, WEBHOOK);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(
            defaults.one(Deployment.class, WEBHOOK).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .extracting(WebhookExposureTest::port)
        .containsExactly(containerPort(defaults, "https"), containerPort(defaults, "admission"));
    // No `from`: every source, the API server included, whatever its address.
    assertThat(policy.getSpec().getIngress()).allSatisfy(r -> assertThat(r.getFrom()).isEmpty());
  }

  @Test
  void thePeersAllowedToEachPortComeFromTheValues() {
    Chart.Rendered production = Chart.production();
    List<NetworkPolicyIngressRule> rules =
        production.one(NetworkPolicy.class, WEBHOOK).getSpec().getIngress();

    NetworkPolicyIngressRule publicPort = rules.get(0);
    assertThat(port(publicPort)).isEqualTo(containerPort(production, "https"));
    assertThat(publicPort.getFrom())
        .extracting(p -> p.getNamespaceSelector().getMatchLabels())
        .containsExactly(
            Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
            Map.of("rootkey.dev/verifies-keys", "true"),
            Map.of("kubernetes.io/metadata.name", "monitoring"));
    NetworkPolicyIngressRule admissionPort = rules.get(1);
    assertThat(port(admissionPort)).isEqualTo(containerPort(production, "admission"));
    assertThat(admissionPort.getFrom())
        .singleElement()
        .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("172.20.0.0/28"));
  }

  @Test
  void withoutAdmissionOnlyThePublicPortIsOpenAndThePolicyCanBeSwitchedOff() {
    Chart.Rendered plain =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");
    assertThat(plain.one(NetworkPolicy.class, WEBHOOK).getSpec().getIngress())
        .extracting(WebhookExposureTest::port)
        .containsExactly(containerPort(plain, "http"));

    assertThat(Chart.render("networkPolicy:\n  enabled: false\n").all(NetworkPolicy.class))
        .isEmpty();
  }

  private static List<String> paths(Chart.Rendered rendered) {
    return rendered
        .one(Ingress.class, WEBHOOK)
        .getSpec()
        .getRules()
        .get(0)
        .getHttp()
        .getPaths()
        .stream()
        .map(HTTPIngressPath::getPath)
        .toList();
  }

  private static Integer port(NetworkPolicyIngressRule rule) {
    assertThat(rule.getPorts()).hasSize(1);
    assertThat(rule.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    return rule.getPorts().get(0).getPort().getIntVal();
  }

  private static Integer containerPort(Chart.Rendered rendered, String name) {
    return webhookContainer(rendered).getPorts().stream()
        .filter(p -> p.getName().equals(name))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + name));
  }

  private static String trustedProxies(Chart.Rendered rendered) {
    return webhookContainer(rendered).getEnv().stream()
        .filter(e -> e.getName().equals("TRUSTED_PROXIES"))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static String revocationRequestsPerMinute(Chart.Rendered rendered) {
    return webhookContainer(rendered).getEnv().stream()
        .filter(e -> e.getName().equals("GITLAB_REVOCATION_REQUESTS_PER_MINUTE"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static Container webhookContainer(Chart.Rendered rendered) {
    return rendered.podSpec(WEBHOOK).getContainers().get(0);
  }
}
