package dev.rootkey.sandbox;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
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
    // Starting takes seconds, up to a minute on a busy machine: say what is happening meanwhile.
    Consumer<String> progress = message -> System.out.println("rootkey sandbox: " + message);
    progress.accept("starting the API server, the operator and the scanner-webhook...");
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
            RecordSeal.random(random),
            progress);
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
    List<HasMetadata> applied = new ArrayList<>();
    for (Path dir : applyDirs) {
      progress.accept("applying " + dir + " ...");
      applied.addAll(sandbox.apply(dir));
    }
    System.out.println(
        Banner.text(
            new Banner.Endpoints(
                sandbox.server().url(),
                kubeconfig.toAbsolutePath(),
                sandbox.webhookUrl(),
                sandbox.admissionUrl(),
                githubKey.toAbsolutePath()),
            sandboxCommand(),
            applied));
    stopped.await();
    return 0;
  }

  /** How to run this jar from any folder; the build's path when not run from a jar. */
  private static String sandboxCommand() {
    try {
      Path location =
          Path.of(SandboxMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (location.toString().endsWith(".jar")) {
        return "java -jar " + Banner.shellQuoted(location.toAbsolutePath().toString());
      }
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // fall through to the build's path
    }
    return "java -jar sandbox/target/rootkey-sandbox.jar";
  }
}
