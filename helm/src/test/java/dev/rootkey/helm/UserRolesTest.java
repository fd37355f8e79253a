package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What Kubernetes' default user-facing roles (view, edit, admin) gain from the chart's aggregated
 * ClusterRoles: people declare RootKeys where they may edit Deployments, and read the rest.
 */
class UserRolesTest {

  private static final String AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";

  @Test
  void viewersReadRootKeysKeyLeaksAndKeyUsagesAndNothingElse() {
    assertThat(rightsOf(Chart.defaults(), "view"))
        .isEqualTo(
            Map.of(
                "rootkeys", Set.of("get", "list", "watch"),
                "keyleaks", Set.of("get", "list", "watch"),
                "keyusages", Set.of("get", "list", "watch")));
  }

  @Test
  void editorsAlsoDeclareChangeAndDeleteRootKeysButWriteNoStatusLeakOrUsage() {
    assertThat(rightsOf(Chart.defaults(), "edit"))
        .isEqualTo(
            Map.of(
                "rootkeys",
                Set.of(
                    "get",
                    "list",
                    "watch",
                    "create",
                    "update",
                    "patch",
                    "delete",
                    "deletecollection"),
                "keyleaks",
                Set.of("get", "list", "watch"),
                "keyusages",
                Set.of("get", "list", "watch")));
  }

  @Test
  void namespaceAdminsAlsoDeleteKeyLeaks() {
    assertThat(rightsOf(Chart.defaults(), "admin"))
        .containsEntry("keyleaks", Set.of("get", "list", "watch", "delete"))
        .doesNotContainKeys("rootkeys/status", "keyleaks/status");
  }

  @Test
  void turnedOffOrInANamespacedInstallNoRoleIsAggregated() {
    for (Chart.Rendered rendered :
        List.of(
            Chart.render("userRoles:\n  aggregateToDefaultRoles: false\n"), Chart.production())) {
      assertThat(rendered.all(ClusterRole.class))
          .noneMatch(
              role ->
                  role.getMetadata().getLabels().keySet().stream()
                      .anyMatch(label -> label.startsWith(AGGREGATE)));
    }
  }

  /**
   * Resource to verbs, in the rootkey.dev group, of what the chart aggregates into {@code role}.
   */
  private static Map<String, Set<String>> rightsOf(Chart.Rendered rendered, String role) {
    Map<String, Set<String>> rights = new TreeMap<>();
    for (ClusterRole aggregated :
        rendered.all(
            ClusterRole.class,
            r -> "true".equals(r.getMetadata().getLabels().get(AGGREGATE + role)))) {
      for (PolicyRule rule : aggregated.getRules()) {
        assertThat(rule.getApiGroups()).containsExactly("rootkey.dev");
        for (String resource : rule.getResources()) {
          rights.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(rule.getVerbs());
        }
      }
    }
    return rights;
  }
}
