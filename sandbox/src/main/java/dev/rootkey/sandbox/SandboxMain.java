package dev.rootkey.sandbox;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the sandbox: starts it, prints how to use it, runs until stopped. */
@Command(
    name = "rootkey-sandbox",
    mixinStandardHelpOptions = true,
    subcommands = AlertCommand.class,
    description =
        "Runs the rootkey operator against an in-process Kubernetes API server on 127.0.0.1,"
            + " with the scanner-webhook, so RootKeys can be tried with kubectl and curl without a"
            + " cluster.")
public final class SandboxMain implements Callable<Integer> {

  @Option(
      names = "--api-port",
      defaultValue = "6080",
      description =
          "Port of the API server on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--kubeconfig",
      defaultValue = "rootkey-sandbox.kubeconfig",
      description = "Where to write the kubeconfig for kubectl (default: ${DEFAULT-VALUE}).")
  Path kubeconfig;

  static final String DEFAULT_GITHUB_KEY = "rootkey-sandbox-github-key.pem";

  @Option(
      names = "--webhook-port",
      defaultValue = "8090",
      description =
          "Port of the scanner-webhook on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webhookPort;

  @Option(
      names = "--admission-port",
      defaultValue = "0",
      description =
          "Port of the scanner-webhook's admission endpoints on 127.0.0.1, which only the"
              + " sandbox's API server calls; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int admissionPort;

  @Option(
      names = "--github-keys-url",
      description =
          "Where the webhook fetches GitHub's public keys; default: the sandbox's own stand-in,"
              + " whose private key `rootkey-sandbox alert` signs with.")
  URI githubKeysUrl;

  @Option(
      names = "--github-key",
      defaultValue = DEFAULT_GITHUB_KEY,
      description = "Where to write the stand-in GitHub private key (default: ${DEFAULT-VALUE}).")
  Path githubKey;

  @Option(
      names = "--apply",
      paramLabel = "DIR",
      description = "Apply the manifests of this folder once started; may be repeated.")
  List<Path> applyDirs = new ArrayList<>();

  /** Held so the JUL logger keeps its level: the mock web server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) {
    MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(new CommandLine(new SandboxMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    for (Path dir : applyDirs) {
      if (!dir.toFile().isDirectory()) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--apply " + dir + ": not a folder");
      }
    }
    SecureRandom random = new SecureRandom();
    SandboxGitHub github = SandboxGitHub.start(githubKey, random);
    URI keysUrl = githubKeysUrl == null ? github.keysUrl() : githubKeysUrl;
    Sandbox sandbox =
        Sandbox.start(
            apiPort,
            webhookPort,
            admissionPort,
            keysUrl,
            Clock.systemUTC(),
            new KeyGenerator(random),
            // The sandbox's records live only as long as this process: a fresh key each run.
            RecordSeal.random(random));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  github.close();
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    KubeconfigWriter.write(kubeconfig, sandbox.server().url());
    applyDirs.forEach(sandbox::apply);
    System.out.println(instructions(sandbox));
    stopped.await();
    return 0;
  }

  private String instructions(Sandbox sandbox) {
    String api = sandbox.server().url();
    Path config = kubeconfig.toAbsolutePath();
    return String.join(
        "\n",
        "",
        "rootkey sandbox is running (Ctrl-C or SIGTERM stops it).",
        "  API server:     " + api,
        "  kubeconfig:     " + config,
        "  scanner-webhook: " + sandbox.webhookUrl() + "  (POST /github/secret-scanning)",
        "  admission:      "
            + sandbox.admissionUrl()
            + "  (the API server sends RootKey writes here)",
        "",
        "Try:",
        "  export KUBECONFIG=" + config,
        "  kubectl apply -f examples/",
        "  kubectl get rk -A",
        "  kubectl get rk billing-service -n payments -o yaml",
        "  kubectl get secret billing-root-key -n payments -o jsonpath='{.data.ROOT_KEY}' | base64 -d",
        "  curl -s " + api + "/apis/rootkey.dev/v1alpha1/namespaces/payments/rootkeys",
        "",
        "Report a key as leaked, as GitHub would:",
        "  KEY=$(kubectl get secret billing-root-key -n payments -o jsonpath='{.data.ROOT_KEY}' | base64 -d)",
        "  java -jar sandbox/target/rootkey-sandbox.jar alert --token \"$KEY\" --webhook "
            + sandbox.webhookUrl()
            + " --github-key "
            + githubKey.toAbsolutePath(),
        "  kubectl get keyleaks -A",
        "");
  }
}
