package dev.rootkey.helm.cluster;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import java.nio.file.Path;
import java.util.Map;

/**
 * The chart installed, upgraded and uninstalled on the cluster by real Helm (helm-java), as {@code
 * helm install rootkey-operator helm/rootkey-operator -n rootkey-system --create-namespace}.
 */
final class ChartRelease {

  static final Path CHART = Path.of("rootkey-operator");
  static final String NAME = "rootkey-operator";
  static final String NAMESPACE = "rootkey-system";

  private final Path kubeconfig;

  ChartRelease(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** helm install with the chart's default values. */
  Release install() {
    return new Helm(CHART)
        .install()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .createNamespace()
        .withKubeConfig(kubeconfig)
        .call();
  }

  /** helm upgrade with these values set (--set) over the chart's defaults. */
  Release upgrade(Map<String, Object> values) {
    UpgradeCommand upgrade =
        new Helm(CHART)
            .upgrade()
            .withName(NAME)
            .withNamespace(NAMESPACE)
            .withKubeConfig(kubeconfig);
    values.forEach(upgrade::set);
    return upgrade.call();
  }

  /** helm uninstall; a release that is not there is no error (a rerun's first clean-up). */
  String uninstall() {
    return Helm.uninstall(NAME)
        .withNamespace(NAMESPACE)
        .ignoreNotFound()
        .withKubeConfig(kubeconfig)
        .call();
  }
}
