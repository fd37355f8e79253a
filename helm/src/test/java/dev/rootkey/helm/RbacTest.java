package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What each ServiceAccount of the chart may do, resolved from its bindings, per scope. */
class RbacTest {

  private static final String OPERATOR = "rootkey-operator";
  private static final String WEBHOOK = "rootkey-operator-scanner-webhook";
  private static final String CLUSTER = "(cluster)";

  private static final Map<String, Set<String>> OPERATOR_RULES =
      Map.ofEntries(
          Map.entry("rootkey.dev/rootkeys", Set.of("get", "list", "watch", "patch")),
          Map.entry("rootkey.dev/rootkeys/status", Set.of("get", "update", "patch")),
          Map.entry("rootkey.dev/rootkeys/finalizers", Set.of("update")),
          Map.entry("rootkey.dev/keyleaks", Set.of("get", "list", "watch")),
          Map.entry("rootkey.dev/keyleaks/status", Set.of("get", "update", "patch")),
          // Reads the replicas' usage reports and deletes the spent ones; never writes them.
          Map.entry("rootkey.dev/keyusages", Set.of("get", "list", "watch", "delete")),
          Map.entry("/secrets", Set.of("get", "list", "watch", "create", "update", "patch")),
          Map.entry("/events", Set.of("create", "patch")),
          Map.entry("apps/deployments", Set.of("get", "list", "patch")),
          Map.entry("apps/statefulsets", Set.of("get", "list", "patch")),
          Map.entry("apps/daemonsets", Set.of("get", "list", "patch")));

  private static final Map<String, Set<String>> LEADER_ELECTION_RULES =
      Map.of(
          "coordination.k8s.io/leases", Set.of("create"),
          "coordination.k8s.io/leases[rootkey-operator]", Set.of("get", "update", "patch"));

  private static final Map<String, Set<String>> WEBHOOK_RULES =
      Map.of(
          "rootkey.dev/rootkeys", Set.of("get", "list", "watch"),
          "rootkey.dev/keyleaks", Set.of("create", "get", "list", "watch"),
          "rootkey.dev/keyusages", Set.of("get", "create", "patch"));

  @Test
  void noRuleOfAnyRoleUsesAWildcard() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      Stream.concat(
              rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
              rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()))
          .forEach(
              rule -> {
                assertThat(rule.getApiGroups()).as("apiGroups of %s", rule).doesNotContain("*");
                assertThat(rule.getResources()).as("resources of %s", rule).doesNotContain("*");
                assertThat(rule.getVerbs()).as("verbs of %s", rule).doesNotContain("*");
                assertThat(rule.getResources())
                    .as("resources of %s", rule)
                    .noneMatch(r -> r.contains("*"));
                assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of %s", rule).isEmpty();
              });
    }
  }

  @Test
  void byDefaultTheOperatorHasExactlyItsRulesClusterWideAndItsLeaseInTheReleaseNamespace() {
    assertThat(permissions(Chart.defaults(), OPERATOR))
        .isEqualTo(Map.of(CLUSTER, OPERATOR_RULES, Chart.NAMESPACE, LEADER_ELECTION_RULES));
  }

  /**
   * fabric8's leader elector renews the Lease, and a standby takes an expired one over, with a
   * PATCH: without the verb a leader gives up the lead at its renew deadline and no replica ever
   * leads again (seen on a real cluster, RealClusterIT).
   */
  @Test
  void theOperatorMayPatchItsLeaseAsItsLeaderElectorRenewsItWithAPatch() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertThat(permissions(rendered, OPERATOR).get(Chart.NAMESPACE))
          .extractingByKey("coordination.k8s.io/leases[rootkey-operator]")
          .satisfies(verbs -> assertThat(verbs).contains("get", "patch"));
    }
  }

  @Test
  void byDefaultTheWebhookReadsRootKeysAndRecordsKeyLeaksClusterWideAndNothingElse() {
    assertThat(permissions(Chart.defaults(), WEBHOOK)).isEqualTo(Map.of(CLUSTER, WEBHOOK_RULES));
  }

  /**
   * A webhook taken over can write its reports of key uses, never a RootKey or its status: what a
   * RootKey says stays the operator's.
   */
  @Test
  void theWebhookWritesOnlyKeyUsagesAndKeyLeaksAndNoRootKeyInAnyInstall() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertThat(permissions(rendered, WEBHOOK).values())
          .isNotEmpty()
          .allSatisfy(
              rules -> {
                assertThat(rules.get("rootkey.dev/rootkeys")).containsOnly("get", "list", "watch");
                assertThat(rules.keySet()).noneMatch(r -> r.startsWith("rootkey.dev/rootkeys/"));
                assertThat(rules.get("rootkey.dev/keyusages"))
                    .containsExactlyInAnyOrder("get", "create", "patch");
              });
    }
  }

  @Test
  void theWebhookCanNeitherReadNorWriteSecretsInAnyInstall() {
    for (Chart.Rendered rendered : List.of(Chart.defaults(), Chart.production())) {
      assertThat(permissions(rendered, WEBHOOK).values())
          .isNotEmpty()
          .allSatisfy(rules -> assertThat(rules.keySet()).noneMatch(r -> r.contains("secrets")));
    }
  }

  @Test
  void aNamespacedInstallGrantsEachComponentItsRulesInEachListedNamespaceOnly() {
    Chart.Rendered production = Chart.production();

    assertThat(permissions(production, OPERATOR))
        .isEqualTo(
            Map.of(
                "payments",
                OPERATOR_RULES,
                "search",
                OPERATOR_RULES,
                Chart.NAMESPACE,
                LEADER_ELECTION_RULES));
    assertThat(permissions(production, WEBHOOK))
        .isEqualTo(Map.of("payments", WEBHOOK_RULES, "search", WEBHOOK_RULES));
  }

  @Test
  void aNamespacedInstallCreatesRolesInTheListedNamespacesAndNoClusterRoles() {
    Chart.Rendered production = Chart.production();

    assertThat(production.all(ClusterRole.class)).isEmpty();
    assertThat(production.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(production.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "payments/" + OPERATOR,
            "search/" + OPERATOR,
            "payments/" + WEBHOOK,
            "search/" + WEBHOOK,
            Chart.NAMESPACE + "/rootkey-operator-leader-election");
  }

  /**
   * Scope (a namespace, or {@value #CLUSTER}) to rule ("group/resource[names]") to verbs, for the
   * ServiceAccount {@code name} of the release namespace. Bindings to missing roles fail.
   */
  private static Map<String, Map<String, Set<String>>> permissions(
      Chart.Rendered rendered, String serviceAccount) {
    Map<String, Map<String, Set<String>>> permissions = new TreeMap<>();
    for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), serviceAccount)) {
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        ClusterRole role = rendered.one(ClusterRole.class, binding.getRoleRef().getName());
        add(permissions, CLUSTER, role.getRules());
      }
    }
    for (RoleBinding binding : rendered.all(RoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), serviceAccount)) {
        String namespace = binding.getMetadata().getNamespace();
        add(permissions, namespace, rulesOf(rendered, binding.getRoleRef(), namespace));
      }
    }
    return permissions;
  }

  private static boolean bindsServiceAccount(List<Subject> subjects, String name) {
    return subjects.stream()
        .anyMatch(
            s ->
                s.getKind().equals("ServiceAccount")
                    && s.getName().equals(name)
                    && Chart.NAMESPACE.equals(s.getNamespace()));
  }

  private static List<PolicyRule> rulesOf(
      Chart.Rendered rendered, RoleRef roleRef, String namespace) {
    if (roleRef.getKind().equals("ClusterRole")) {
      return rendered.one(ClusterRole.class, roleRef.getName()).getRules();
    }
    List<Role> roles =
        rendered.all(
            Role.class,
            r ->
                r.getMetadata().getName().equals(roleRef.getName())
                    && namespace.equals(r.getMetadata().getNamespace()));
    assertThat(roles).as("Role %s in %s", roleRef.getName(), namespace).hasSize(1);
    return roles.get(0).getRules();
  }

  private static void add(
      Map<String, Map<String, Set<String>>> permissions, String scope, List<PolicyRule> rules) {
    Map<String, Set<String>> inScope = permissions.computeIfAbsent(scope, s -> new TreeMap<>());
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          String key = group + "/" + resource;
          if (!rule.getResourceNames().isEmpty()) {
            key += rule.getResourceNames();
          }
          inScope.computeIfAbsent(key, k -> new TreeSet<>()).addAll(rule.getVerbs());
        }
      }
    }
  }
}
