package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox prints once it runs: where everything is, then one command a line to paste, in
 * order, for the tour of a RootKey (its key, a rotation, a leak, its deletion). The RootKey is the
 * first one {@code --apply} applied; without one, the first command creates a small one.
 */
final class Banner {

  /**
   * Where the sandbox's parts listen and its files are.
   *
   * @param alertFlags what {@code alert} needs besides the token to find this sandbox: {@code ""}
   *     with the default state folder, else e.g. {@code " --state-dir DIR"}; none when the webhook
   *     trusts GitHub keys served elsewhere ({@code --github-keys-url}), which {@code alert} cannot
   *     sign with
   * @param gitlabAlertFlags what {@code alert --from gitlab} and {@code --from gitlab-self-managed}
   *     need besides the token: as alertFlags, without GitHub's key; none with {@code
   *     --gitlab-keys-url}
   */
  record Endpoints(
      String apiServer,
      Path kubeconfig,
      String webhook,
      String admission,
      Path stateFolder,
      Path env,
      Optional<String> alertFlags,
      Optional<String> gitlabAlertFlags) {}

  /** The RootKey the commands are about. */
  record Featured(String namespace, String name, String secret, String dataKey) {}

  private static final Featured DEMO = new Featured("default", "demo", "demo", "ROOT_KEY");

  private Banner() {}

  /**
   * @param sandboxCommand how to run this sandbox's jar from any folder, e.g. {@code java -jar
   *     /path/rootkey-sandbox.jar}
   * @param applied what {@code --apply} applied, in order
   */
  static String text(Endpoints at, String sandboxCommand, List<HasMetadata> applied) {
    Optional<Featured> appliedRootKey = firstRootKey(applied);
    Featured rk = appliedRootKey.orElse(DEMO);
    String ns = " -n " + rk.namespace();
    String secret =
        "kubectl get secret "
            + rk.secret()
            + ns
            + " -o jsonpath='{.data."
            + rk.dataKey().replace(".", "\\.")
            + "}' | base64 -d";
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("rootkey sandbox is running (Ctrl-C or SIGTERM stops it).");
    lines.add("  API server:      " + at.apiServer());
    lines.add("  kubeconfig:      " + at.kubeconfig());
    lines.add(
        "  scanner-webhook: "
            + at.webhook()
            + "  (POST /github/secret-scanning, /gitlab/secret-detection, /v1/revoke_tokens,"
            + " /v2/keys.verifyKey, /v2/keys.whoami)");
    lines.add(
        "  admission:       " + at.admission() + "  (the API server sends RootKey writes here)");
    lines.add(
        "  state folder:    "
            + at.stateFolder()
            + "  (source "
            + shellQuoted(at.env().toString())
            + " for KUBECONFIG, $ROOTKEY_SANDBOX_API and $ROOTKEY_SANDBOX_WEBHOOK)");
    lines.add("");
    lines.add("Try, one line at a time in one shell:");
    lines.add("  export KUBECONFIG=" + shellQuoted(at.kubeconfig().toString()));
    if (appliedRootKey.isEmpty()) {
      lines.add(
          "  echo '{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\",\"metadata\":"
              + "{\"name\":\"demo\",\"namespace\":\"default\"},\"spec\":{\"permissions\":"
              + "[\"api.demo.verify_key\"]}}' | kubectl apply -f -");
    }
    lines.add("  kubectl wait --for=condition=Ready rk --all" + ns + " --timeout=60s");
    lines.add("  kubectl get rk" + ns);
    lines.add("  kubectl describe rk " + rk.name() + ns);
    lines.add("  " + secret + "; echo");
    lines.add("  kubectl explain rootkey.spec.rotation");
    lines.add("");
    lines.add(
        "Verify the key, ask whose it is, report it leaked as GitHub, GitLab.com and a"
            + " self-managed GitLab would, and see it revoked and replaced:");
    lines.add("  KEY=$(" + secret + ")");
    for (String call : List.of("verifyKey", "whoami")) {
      lines.add(
          "  curl -s "
              + at.webhook()
              + "/v2/keys."
              + call
              + " -H 'Content-Type: application/json'"
              + " -d \"{\\\"key\\\":\\\"$KEY\\\"}\"; echo");
    }
    if (at.alertFlags().isPresent()) {
      lines.add("  " + sandboxCommand + " alert --token \"$KEY\"" + at.alertFlags().get());
    } else {
      lines.add("  # GitHub alerts: sign them with the key your --github-keys-url serves");
    }
    if (at.gitlabAlertFlags().isPresent()) {
      for (String from : List.of(AlertCommand.FROM_GITLAB, AlertCommand.FROM_GITLAB_SELF_MANAGED)) {
        lines.add(
            "  "
                + sandboxCommand
                + " alert --from "
                + from
                + " --token \"$KEY\""
                + at.gitlabAlertFlags().get());
      }
    } else {
      lines.add("  # GitLab alerts: sign them with the key your --gitlab-keys-url serves");
    }
    lines.add("  kubectl get keyleaks" + ns);
    lines.add("  kubectl events" + ns + " --for rootkey/" + rk.name());
    lines.add("");
    lines.add("Rotate it and watch the status change:");
    lines.add(
        "  kubectl annotate rk "
            + rk.name()
            + ns
            + " rootkey.dev/rotate=\"$(date +%s)\" --overwrite");
    lines.add("  kubectl get rk" + ns + " -w    # Ctrl-C stops it");
    lines.add("");
    lines.add("Delete it; its Secret goes with it:");
    lines.add("  kubectl delete rk " + rk.name() + ns);
    lines.add("  kubectl wait --for=delete secret/" + rk.secret() + ns + " --timeout=60s");
    lines.add("");
    return String.join("\n", lines);
  }

  private static Optional<Featured> firstRootKey(List<HasMetadata> applied) {
    for (HasMetadata item : applied) {
      if (!"RootKey".equals(item.getKind()) || !item.getApiVersion().startsWith("rootkey.dev/")) {
        continue;
      }
      JsonNode rootKey = Serialization.jsonMapper().valueToTree(item);
      String name = rootKey.at("/metadata/name").asText();
      return Optional.of(
          new Featured(
              rootKey.at("/metadata/namespace").asText("default"),
              name,
              rootKey.at("/spec/secret/name").asText(name),
              rootKey.at("/spec/secret/key").asText("ROOT_KEY")));
    }
    return Optional.empty();
  }

  /** The text as one shell word: as is when it is safe, else in single quotes. */
  static String shellQuoted(String text) {
    return Shell.quote(text);
  }
}
