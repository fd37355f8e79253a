package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

  private static final String OPERATOR = "rootkey-operator";
  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";

  @Test
  void theDefaultValuesRenderBothDeploymentsWithTheirServicesAndServiceAccounts() {
    Chart.Rendered defaults = Chart.defaults();

    assertThat(defaults.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(OPERATOR, WEBHOOK);
    assertThat(defaults.all(Service.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(OPERATOR, WEBHOOK, "rootkey-operator-admission");
    assertThat(defaults.all(ServiceAccount.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(OPERATOR, WEBHOOK);
    assertThat(defaults.all(Ingress.class)).isEmpty();
    assertThat(defaults.one(Deployment.class, OPERATOR).getSpec().getReplicas()).isEqualTo(1);
    assertThat(defaults.one(Deployment.class, WEBHOOK).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void everyRenderedDocumentParsesAsATypedKubernetesObjectExceptTheMonitoringAndCertManagerOnes() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertThat(rendered.objects()).isNotEmpty();
      assertThat(rendered.objects())
          .filteredOn(o -> o instanceof GenericKubernetesResource)
          .extracting(HasMetadata::getKind)
          .isSubsetOf("ServiceMonitor", "PrometheusRule", "Certificate", "Issuer");
      assertThat(rendered.objects())
          .allSatisfy(
              o -> {
                assertThat(o.getApiVersion()).isNotBlank();
                assertThat(o.getMetadata().getName()).isNotBlank();
              });
    }
  }

  @Test
  void everyNamespacedObjectLandsInTheReleaseNamespaceOrAWatchedOne() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertThat(rendered.objects())
          .filteredOn(o -> o.getMetadata().getNamespace() != null)
          .extracting(o -> o.getMetadata().getNamespace())
          .isSubsetOf(Chart.NAMESPACE, "payments", "search");
    }
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      for (HasMetadata object : rendered.objects()) {
        assertThat(object.getMetadata().getLabels())
            .as("labels of %s/%s", object.getKind(), object.getMetadata().getName())
            .containsEntry("app.kubernetes.io/name", "rootkey-operator")
            .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
            .containsEntry("app.kubernetes.io/version", "0.1.0")
            .containsEntry("app.kubernetes.io/managed-by", "Helm")
            .containsKey("app.kubernetes.io/component");
      }
    }
  }

  @Test
  void everyContainerOfEveryPodTemplateRunsHardened() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      for (Deployment deployment : rendered.all(Deployment.class)) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isEqualTo(10001L);
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getContainers()).isNotEmpty();
        for (Container container : pod.getContainers()) {
          SecurityContext security = container.getSecurityContext();
          assertThat(security)
              .as("securityContext of %s", container.getName())
              .satisfies(
                  s -> assertThat(s.getRunAsNonRoot()).isTrue(),
                  s -> assertThat(s.getRunAsUser()).isEqualTo(10001L),
                  s -> assertThat(s.getReadOnlyRootFilesystem()).isTrue(),
                  s -> assertThat(s.getAllowPrivilegeEscalation()).isFalse(),
                  s -> assertThat(s.getPrivileged()).isNotEqualTo(Boolean.TRUE),
                  s -> assertThat(s.getCapabilities().getDrop()).containsExactly("ALL"),
                  s -> assertThat(s.getCapabilities().getAdd()).isEmpty(),
                  s -> assertThat(s.getSeccompProfile().getType()).isEqualTo("RuntimeDefault"));
          assertThat(container.getVolumeMounts())
              .anySatisfy(
                  m -> {
                    assertThat(m.getMountPath()).isEqualTo("/tmp");
                    assertThat(pod.getVolumes())
                        .anySatisfy(
                            v -> {
                              assertThat(v.getName()).isEqualTo(m.getName());
                              assertThat(v.getEmptyDir()).isNotNull();
                            });
                  });
        }
      }
    }
  }

  @Test
  void bothComponentsServeHealthReadinessAndMetricsOnTheirPortTheWebhookOverHttps() {
    Chart.Rendered plainWebhook =
        Chart.render("webhook:\n  tls:\n    enabled: false\n  admission:\n    enabled: false\n");
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production(), plainWebhook)) {
      assertServesProbes(rendered.one(Deployment.class, OPERATOR), "http", 8081, "HTTP");
    }
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertServesProbes(rendered.one(Deployment.class, WEBHOOK), "https", 8080, "HTTPS");
    }
    assertServesProbes(plainWebhook.one(Deployment.class, WEBHOOK), "http", 8080, "HTTP");
  }

  private static void assertServesProbes(
      Deployment deployment, String portName, int port, String scheme) {
    Container container = onlyContainer(deployment);
    assertThat(container.getPorts())
        .filteredOn(p -> p.getName().equals(portName))
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
    assertHttpProbe(container.getLivenessProbe(), "/healthz", portName, scheme);
    assertHttpProbe(container.getReadinessProbe(), "/readyz", portName, scheme);
    assertHttpProbe(container.getStartupProbe(), "/healthz", portName, scheme);
  }

  @Test
  void theImagesDefaultToTheChartAppVersionAndFollowTheValues() {
    Chart.Rendered defaults = Chart.defaults();
    assertThat(onlyContainer(defaults.one(Deployment.class, OPERATOR)).getImage())
        .isEqualTo("rootkey/rootkey-operator:0.1.0");
    assertThat(onlyContainer(defaults.one(Deployment.class, WEBHOOK)).getImage())
        .isEqualTo("rootkey/rootkey-scanner-webhook:0.1.0");

    Chart.Rendered tagged = Chart.render("operator:\n  image:\n    tag: 9.9.9\n");
    assertThat(onlyContainer(tagged.one(Deployment.class, OPERATOR)).getImage())
        .isEqualTo("rootkey/rootkey-operator:9.9.9");
  }

  @Test
  void theOperatorFindsItsLeaseNamespaceThroughTheDownwardApi() {
    Container operator = onlyContainer(Chart.production().one(Deployment.class, OPERATOR));

    assertThat(
            env(operator, "LEADER_ELECTION_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env(operator, "ROOTKEY_NAMESPACES").getValue()).isEqualTo("payments,search");
    assertThat(Chart.production().one(Deployment.class, OPERATOR).getSpec().getReplicas())
        .isEqualTo(2);
  }

  @Test
  void theLeaseTimingsAreTheSdksDefaultsUnlessTheValuesSayOtherwise() {
    Container defaults = onlyContainer(Chart.defaults().one(Deployment.class, OPERATOR));
    assertThat(env(defaults, "LEASE_DURATION").getValue()).isEqualTo("15s");
    assertThat(env(defaults, "LEASE_RENEW_DEADLINE").getValue()).isEqualTo("10s");
    assertThat(env(defaults, "LEASE_RETRY_PERIOD").getValue()).isEqualTo("2s");

    Container faster =
        onlyContainer(
            Chart.render(
                    "operator:\n  leaderElection:\n    leaseDuration: 6s\n    renewDeadline: 4s\n")
                .one(Deployment.class, OPERATOR));
    assertThat(env(faster, "LEASE_DURATION").getValue()).isEqualTo("6s");
    assertThat(env(faster, "LEASE_RENEW_DEADLINE").getValue()).isEqualTo("4s");
    // A value left out keeps its default.
    assertThat(env(faster, "LEASE_RETRY_PERIOD").getValue()).isEqualTo("2s");
  }

  @Test
  void theWebhookIsConfiguredFromTheValues() {
    Container defaults = onlyContainer(Chart.defaults().one(Deployment.class, WEBHOOK));
    assertThat(env(defaults, "PORT").getValue()).isEqualTo("8080");
    assertThat(env(defaults, "GITHUB_KEYS_URL").getValue())
        .isEqualTo("https://api.github.com/meta/public_keys/secret_scanning");
    assertThat(env(defaults, "ROOTKEY_NAMESPACES").getValue()).isEmpty();
    assertThat(env(defaults, "TRUSTED_PROXIES").getValue()).isEmpty();
    assertThat(env(defaults, "MAX_REQUEST_BYTES").getValue()).isEqualTo("5242880");
    assertThat(env(defaults, "REQUEST_READ_TIMEOUT_SECONDS").getValue()).isEqualTo("5");
    assertThat(env(defaults, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env(defaults, "USAGE_REPORT_INTERVAL").getValue()).isEqualTo("10s");
    assertThat(env(defaults, "USAGE_ACTIVE_REPORT_INTERVAL").getValue()).isEqualTo("5m");
    assertThat(defaults.getEnv()).noneMatch(e -> e.getName().equals("GITHUB_TOKEN"));

    Container production = onlyContainer(Chart.production().one(Deployment.class, WEBHOOK));
    assertThat(env(production, "ROOTKEY_NAMESPACES").getValue()).isEqualTo("payments,search");
    assertThat(env(production, "TRUSTED_PROXIES").getValue())
        .isEqualTo("10.42.250.0/24,192.168.1.10");
    assertThat(env(production, "GITHUB_TOKEN").getValueFrom().getSecretKeyRef())
        .satisfies(
            ref -> {
              assertThat(ref.getName()).isEqualTo("github-token");
              assertThat(ref.getKey()).isEqualTo("token");
            });
    assertThat(production.getResources().getRequests())
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("256Mi"));
  }

  @Test
  void aPodDisruptionBudgetExistsExactlyForTheComponentsWithMoreThanOneReplica() {
    assertThat(pdbNames(Chart.defaults())).containsExactly(WEBHOOK);
    assertThat(pdbNames(Chart.production())).containsExactlyInAnyOrder(OPERATOR, WEBHOOK);
    assertThat(pdbNames(Chart.render("webhook:\n  replicas: 1\n"))).isEmpty();

    PodDisruptionBudget pdb = Chart.production().one(PodDisruptionBudget.class, OPERATOR);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Chart.production()
                .one(Deployment.class, OPERATOR)
                .getSpec()
                .getSelector()
                .getMatchLabels());
  }

  @Test
  void theIngressRoutesGitHubsPathOverTlsToTheWebhooksPublicService() {
    Ingress ingress = Chart.production().one(Ingress.class, WEBHOOK);

    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getHosts()).containsExactly("keys.example.com");
              assertThat(tls.getSecretName()).isEqualTo("keys-example-com-tls");
            });
    assertThat(ingress.getSpec().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getHost()).isEqualTo("keys.example.com");
              assertThat(rule.getHttp().getPaths())
                  .extracting(p -> p.getPath())
                  .containsExactly("/github/secret-scanning");
              assertThat(rule.getHttp().getPaths())
                  .allSatisfy(
                      p -> {
                        assertThat(p.getBackend().getService().getName()).isEqualTo(WEBHOOK);
                        assertThat(p.getBackend().getService().getPort().getName())
                            .isEqualTo("https");
                      });
            });
    Service service = Chart.production().one(Service.class, WEBHOOK);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getName()).isEqualTo("https");
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
            });
  }

  @Test
  void serviceMonitorsScrapeTheMetricsOfBothComponentsServicesOnlyWhenEnabled() {
    assertThat(Chart.defaults().all(GenericKubernetesResource.class))
        .noneMatch(o -> o.getKind().equals("ServiceMonitor"));

    Chart.Rendered production = Chart.production();
    List<GenericKubernetesResource> monitors =
        production.all(GenericKubernetesResource.class, o -> o.getKind().equals("ServiceMonitor"));
    assertThat(monitors)
        .extracting(m -> m.getKind() + "/" + m.getMetadata().getName())
        .containsExactlyInAnyOrder("ServiceMonitor/" + OPERATOR, "ServiceMonitor/" + WEBHOOK);
    for (GenericKubernetesResource monitor : monitors) {
      assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
      Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
      // The webhook serves HTTPS (the chart's default), the operator plain HTTP.
      String port = monitor.getMetadata().getName().equals(WEBHOOK) ? "https" : "http";
      List<Service> scraped =
          production.all(
              Service.class,
              s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
      assertThat(scraped)
          .singleElement()
          .satisfies(
              service -> {
                assertThat(service.getMetadata().getName())
                    .isEqualTo(monitor.getMetadata().getName());
                assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals(port));
              });
      List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
      assertThat(endpoints)
          .singleElement()
          .satisfies(
              e -> assertThat(e).containsEntry("port", port).containsEntry("path", "/metrics"));
      // The operator's per-RootKey series name the RootKey's namespace in their own `namespace`
      // label: Prometheus keeps it only with honorLabels (else it becomes exported_namespace).
      if (monitor.getMetadata().getName().equals(OPERATOR)) {
        assertThat(endpoints.get(0)).containsEntry("honorLabels", true);
      } else {
        assertThat(endpoints.get(0)).doesNotContainKey("honorLabels");
      }
    }
  }

  private static List<String> pdbNames(Chart.Rendered rendered) {
    return rendered.all(PodDisruptionBudget.class).stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toList());
  }

  private static Container onlyContainer(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
  }

  private static void assertHttpProbe(Probe probe, String path, String port, String scheme) {
    assertThat(probe).as("probe on %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
    // Kubernetes reads a missing scheme as HTTP.
    assertThat(probe.getHttpGet().getScheme() == null ? "HTTP" : probe.getHttpGet().getScheme())
        .isEqualTo(scheme);
  }
}
