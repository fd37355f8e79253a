package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PrometheusRule: off by default; its three alerts, their expressions and their values. */
class PrometheusRuleTest {

  private static final String ENABLED = "prometheusRule:\n  enabled: true\n";
  private static final Path PROMTOOL_TESTS = Path.of("src/test/resources/alerts/rules-test.yaml");

  @Test
  void thereIsNoRuleByDefault() {
    assertThat(Chart.defaults().all(GenericKubernetesResource.class))
        .noneMatch(o -> o.getKind().equals("PrometheusRule"));
  }

  @Test
  void enabledItHoldsTheThreeAlertsInTheReleaseNamespaceWithTheSelectorLabels() {
    GenericKubernetesResource rule = rule(Chart.production());

    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getName()).isEqualTo("rootkey-operator");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Map<String, Object>> alerts = alerts(rule);
    assertThat(alerts.keySet())
        .containsExactly("RootKeyLeaked", "RootKeyNotReady", "RootKeyExpiringSoon");
    assertThat(alerts.values())
        .allSatisfy(a -> assertThat(labels(a)).containsEntry("team", "platform"));
  }

  @Test
  void aLeakOfOneOfOurKeysIsCriticalAndCountsACounterThatAppearsWithTheLeak() {
    Map<String, Object> leaked = alerts(rule(Chart.render(ENABLED))).get("RootKeyLeaked");

    assertThat(expr(leaked))
        .isEqualTo(
            "sum(increase(rootkey_webhook_leaks_received_total[5m])) > 0 or"
                + " sum(rootkey_webhook_leaks_received_total unless"
                + " rootkey_webhook_leaks_received_total offset 5m) > 0");
    assertThat(leaked).doesNotContainKey("for");
    assertThat(labels(leaked)).isEqualTo(Map.of("severity", "critical"));
    assertThat(annotations(leaked).get("description"))
        .contains("{{ $value | printf \"%.0f\" }}")
        .contains("kubectl get keyleaks -A");
  }

  @Test
  void aRootKeyNotReadyForFifteenMinutesWarnsUnlessItIsPastItsExpiry() {
    Map<String, Object> notReady = alerts(rule(Chart.render(ENABLED))).get("RootKeyNotReady");

    assertThat(expr(notReady))
        .isEqualTo(
            "max by (namespace, rootkey) (rootkey_ready) == 0 unless on (namespace, rootkey)"
                + " max by (namespace, rootkey) (rootkey_expiry_timestamp_seconds) <= time()");
    assertThat(notReady).containsEntry("for", "15m");
    assertThat(labels(notReady)).isEqualTo(Map.of("severity", "warning"));
    // Prometheus fills in the labels: the braces reach it unrendered by Helm.
    assertThat(annotations(notReady).get("summary"))
        .isEqualTo("RootKey {{ $labels.namespace }}/{{ $labels.rootkey }} is not Ready.");
  }

  @Test
  void aRootKeyWithinSevenDaysOfItsExpiryWarnsWhateverRotationIsPlanned() {
    Map<String, Object> expiring = alerts(rule(Chart.render(ENABLED))).get("RootKeyExpiringSoon");

    assertThat(expr(expiring))
        .isEqualTo(
            "max by (namespace, rootkey) (rootkey_expiry_timestamp_seconds) - time() < 604800 > 0")
        .doesNotContain("rootkey_next_rotation_timestamp_seconds");
    assertThat(expiring).containsEntry("for", "10m");
    assertThat(labels(expiring)).isEqualTo(Map.of("severity", "warning"));
    assertThat(annotations(expiring).get("summary"))
        .isEqualTo(
            "RootKey {{ $labels.namespace }}/{{ $labels.rootkey }} expires in"
                + " {{ $value | humanizeDuration }}.");
    assertThat(annotations(expiring).get("description")).contains("Create a new RootKey");
  }

  @Test
  void thresholdsDurationsSeveritiesAndSwitchesFollowTheValues() {
    Chart.Rendered rendered =
        Chart.render(
            """
            prometheusRule:
              enabled: true
              alertLabels: {team: keys}
              alerts:
                leaked: {window: 30m, severity: page}
                notReady: {enabled: false}
                expiringSoon: {thresholdSeconds: 86400, for: 1h}
            """);
    Map<String, Map<String, Object>> alerts = alerts(rule(rendered));

    assertThat(alerts.keySet()).containsExactly("RootKeyLeaked", "RootKeyExpiringSoon");
    assertThat(expr(alerts.get("RootKeyLeaked")))
        .contains("[30m]")
        .contains("offset 30m")
        .doesNotContain("5m");
    assertThat(labels(alerts.get("RootKeyLeaked")))
        .isEqualTo(Map.of("severity", "page", "team", "keys"));
    assertThat(expr(alerts.get("RootKeyExpiringSoon"))).contains("< 86400 > 0");
    assertThat(alerts.get("RootKeyExpiringSoon")).containsEntry("for", "1h");
  }

  /**
   * The rules evaluated by Prometheus's own promtool against synthetic series
   * (src/test/resources/alerts/rules-test.yaml). Runs when promtool is on the PATH or named by the
   * PROMTOOL environment variable (Debian's package `prometheus` ships it); skipped otherwise.
   */
  @Test
  void promtoolFiresEachAlertWhenItShouldAndOnlyThen(@TempDir Path directory) throws Exception {
    Optional<Path> promtool = promtool();
    Assumptions.assumeTrue(promtool.isPresent(), "promtool not found (PATH or PROMTOOL)");
    Object spec = rule(Chart.render(ENABLED)).getAdditionalProperties().get("spec");
    Files.writeString(
        directory.resolve("rules.yaml"), Serialization.asYaml(spec), StandardCharsets.UTF_8);
    Path tests = Files.copy(PROMTOOL_TESTS, directory.resolve("rules-test.yaml"));

    for (String[] command :
        List.of(
            new String[] {promtool.get().toString(), "check", "rules", "rules.yaml"},
            new String[] {promtool.get().toString(), "test", "rules", tests.toString()})) {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
      assertThat(output).contains("SUCCESS");
    }
  }

  private static Optional<Path> promtool() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "promtool"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static GenericKubernetesResource rule(Chart.Rendered rendered) {
    List<GenericKubernetesResource> rules =
        rendered.all(GenericKubernetesResource.class, o -> o.getKind().equals("PrometheusRule"));
    assertThat(rules).hasSize(1);
    return rules.get(0);
  }

  /** Alert name to rule, in the order of the rule file. */
  private static Map<String, Map<String, Object>> alerts(GenericKubernetesResource rule) {
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    assertThat(groups).hasSize(1);
    List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");
    return rules.stream()
        .collect(
            Collectors.toMap(
                r -> (String) r.get("alert"),
                Function.identity(),
                (a, b) -> {
                  throw new AssertionError("two alerts named " + a.get("alert"));
                },
                java.util.LinkedHashMap::new));
  }

  private static String expr(Map<String, Object> alert) {
    return ((String) alert.get("expr")).replaceAll("\\s+", " ").trim();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("labels");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> annotations(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("annotations");
  }
}
