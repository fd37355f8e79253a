package dev.rootkey.webhook;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * People who may edit RootKeys in one namespace, and clients that act as them: on a real API server
 * RBAC decides first, and the admission webhook hears of a change only once RBAC allowed it. The
 * admin (system:masters) impersonates each person, so the API server authenticates them as it would
 * a real user, and the webhook receives their name and groups from it.
 */
final class RootKeyEditors implements AutoCloseable {

  private final KubernetesClient admin;
  private final String kubeconfig;
  private final String name;
  private final String namespace;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private RootKeyEditors(KubernetesClient admin, String kubeconfig, String name, String namespace) {
    this.admin = admin;
    this.kubeconfig = kubeconfig;
    this.name = name;
    this.namespace = namespace;
  }

  /**
   * A ClusterRole {@code name} with every verb on rootkeys.rootkey.dev, bound in {@code namespace}
   * only, to these groups and users.
   *
   * @param kubeconfig the admin's kubeconfig, the base of each impersonating client
   */
  static RootKeyEditors grant(
      KubernetesClient admin,
      String kubeconfig,
      String name,
      String namespace,
      List<String> groups,
      List<String> users) {
    admin
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewRule()
                .withApiGroups("rootkey.dev")
                .withResources("rootkeys")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .endRule()
                .build())
        .create();
    List<Subject> subjects = new ArrayList<>();
    groups.forEach(g -> subjects.add(subject("Group", g)));
    users.forEach(u -> subjects.add(subject("User", u)));
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(name)
                .endRoleRef()
                .withSubjects(subjects)
                .build())
        .create();
    return new RootKeyEditors(admin, kubeconfig, name, namespace);
  }

  private static Subject subject(String kind, String name) {
    return new SubjectBuilder()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind(kind)
        .withName(name)
        .build();
  }

  /** A client the API server authenticates as {@code username} in these groups. */
  KubernetesClient as(String username, String... groups) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername(username);
    config.setImpersonateGroups(groups);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    admin.rbac().roleBindings().inNamespace(namespace).withName(name).delete();
    admin.rbac().clusterRoles().withName(name).delete();
  }
}
