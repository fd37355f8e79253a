package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json: bad values fail the render (and so `helm install`) and name the culprit. */
class ValuesSchemaTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          operator replicas of zero         | operator: {replicas: 0}                        | operator.replicas: Must be greater than or equal to 1
          webhook replicas of the wrong type | webhook: {replicas: two}                      | webhook.replicas: Invalid type. Expected: integer
          an unknown top-level key          | replica: 3                                     | Additional property replica is not allowed
          a typo one level down             | operator: {imageTag: 1.0.0}                    | Additional property imageTag is not allowed
          a namespace that is no DNS label  | watchNamespaces: [Payments]                    | watchNamespaces.0
          an unknown pull policy            | operator: {image: {pullPolicy: Sometimes}}     | operator.image.pullPolicy
          trusted proxies as one string     | webhook: {trustedProxies: 10.0.0.0/8}          | webhook.trustedProxies: Invalid type. Expected: array
          an ingress without a host         | webhook: {ingress: {enabled: true}}            | webhook.ingress.host
          ingress paths, no longer a value  | webhook: {ingress: {paths: [/]}}               | Additional property paths is not allowed
          verification exposed as text      | webhook: {ingress: {exposeVerification: 'yes'}} | webhook.ingress.exposeVerification: Invalid type. Expected: boolean
          network policy peers as a string  | networkPolicy: {admissionFrom: anywhere}       | networkPolicy.admissionFrom: Invalid type. Expected: array
          a typo in the network policy      | networkPolicy: {enable: false}                 | Additional property enable is not allowed
          a ServiceMonitor switch as text   | metrics: {serviceMonitor: {enabled: 'yes'}}    | metrics.serviceMonitor.enabled: Invalid type. Expected: boolean
          TLS 1.1 as the minimum            | webhook: {tls: {minVersion: '1.1'}}            | webhook.tls.minVersion
          a typo in the TLS values          | webhook: {tls: {secretName: x}}                | Additional property secretName is not allowed
          a CA lifetime in days             | webhook: {tls: {certManager: {caDuration: 3650d}}} | webhook.tls.certManager.caDuration
          a usage interval in days          | webhook: {usageReports: {interval: 1d}}        | webhook.usageReports.interval
          a lease duration without a unit   | operator: {leaderElection: {leaseDuration: 15}} | operator.leaderElection.leaseDuration: Invalid type. Expected: string
          a lease timing with a fraction    | operator: {leaderElection: {retryPeriod: 1.5s}} | operator.leaderElection.retryPeriod
          a typo in the lease timings       | operator: {leaderElection: {leaseDurationSeconds: 15}} | Additional property leaseDurationSeconds is not allowed
          a usage interval as a number      | webhook: {usageReports: {activeInterval: 300}} | webhook.usageReports.activeInterval: Invalid type. Expected: string
          an admission timeout over 30 s    | webhook: {admission: {timeoutSeconds: 60}}     | webhook.admission.timeoutSeconds: Must be less than or equal to 30
          a typo in the admission values    | webhook: {admission: {failurePolicy: Fail}}    | Additional property failurePolicy is not allowed
          an expiry threshold as a duration | prometheusRule: {alerts: {expiringSoon: {thresholdSeconds: 7d}}} | prometheusRule.alerts.expiringSoon.thresholdSeconds: Invalid type. Expected: integer
          a leak window that is no duration | prometheusRule: {alerts: {leaked: {window: soon}}} | prometheusRule.alerts.leaked.window
          an unknown alert                  | prometheusRule: {alerts: {leakd: {enabled: false}}} | Additional property leakd is not allowed
          """)
  void badValuesAreRejectedWithAMessageNamingTheOffendingValue(
      String what, String values, String expectedMessage) {
    assertThatThrownBy(() -> Chart.render(values + "\n"))
        .as(what)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void valuesThatFitTheSchemaRender() {
    Chart.Rendered rendered =
        Chart.render(
            """
            operator: {replicas: 3, image: {pullPolicy: Always}}
            watchNamespaces: [payments]
            webhook:
              trustedProxies: [10.0.0.0/8]
              trustedProxiesAllowBroad: true
              ingress: {enabled: true, host: keys.example.com, allowPlainHttp: true}
            networkPolicy: {publicFrom: [{namespaceSelector: {}}]}
            metrics: {serviceMonitor: {enabled: false}}
            """);

    assertThat(rendered.one(Deployment.class, "rootkey-operator").getSpec().getReplicas())
        .isEqualTo(3);
  }
}
