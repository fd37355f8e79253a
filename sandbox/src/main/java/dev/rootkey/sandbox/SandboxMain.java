package dev.rootkey.sandbox;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command line of the sandbox: starts it, prints how to use it, runs until stopped. */
@Command(
    name = "rootkey-sandbox",
    mixinStandardHelpOptions = true,
    subcommands = AlertCommand.class,
    versionProvider = SandboxMain.Version.class,
    description =
        "Runs the rootkey operator against an in-process Kubernetes API server on 127.0.0.1,"
            + " with the scanner-webhook, so RootKeys can be tried with kubectl and curl without a"
            + " cluster.")
public final class SandboxMain implements Callable<Integer> {

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "6080",
      description =
          "Port of the API server on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = StateFolder.DEFAULT,
      description =
          "Where to write the kubeconfig, the stand-in GitHub key and sandbox.env (where the"
              + " sandbox listens, for `alert` and for a shell to source); one sandbox at a time"
              + " per folder (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Where to write the kubeconfig for kubectl (default: kubeconfig in --state-dir).")
  Path kubeconfig;

  @Option(
      names = "--webhook-port",
      paramLabel = "PORT",
      defaultValue = "8090",
      description =
          "Port of the scanner-webhook on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webhookPort;

  @Option(
      names = "--admission-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "Port of the scanner-webhook's admission endpoints on 127.0.0.1, which only the"
              + " sandbox's API server calls; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int admissionPort;

  @Option(
      names = "--github-keys-url",
      paramLabel = "URL",
      description =
          "Where the webhook fetches GitHub's public keys; default: the sandbox's own stand-in,"
              + " whose private key `rootkey-sandbox alert` signs with.")
  URI githubKeysUrl;

  @Option(
      names = "--github-key",
      paramLabel = "FILE",
      description =
          "Where to write the stand-in GitHub private key (default: github-key.pem in"
              + " --state-dir).")
  Path githubKey;

  @Option(
      names = "--gitlab-keys-url",
      paramLabel = "URL",
      description =
          "Where the webhook fetches GitLab's public keys for POST /gitlab/secret-detection;"
              + " default: the sandbox's own stand-in GitLab, whose private key (gitlab-key.pem"
              + " in --state-dir) `rootkey-sandbox alert --from gitlab` signs with.")
  URI gitlabKeysUrl;

  @Option(
      names = "--gitlab-revocation-token",
      paramLabel = "VALUE",
      description =
          "The token a self-managed GitLab sends to the Token Revocation API (/v1/...); default:"
              + " a random one, written to sandbox.env for `rootkey-sandbox alert --from"
              + " gitlab-self-managed`.")
  String gitlabRevocationToken;

  @Option(
      names = "--apply",
      paramLabel = "DIR",
      description = "Apply the manifests of this folder once started; may be repeated.")
  List<Path> applyDirs = new ArrayList<>();

  @Spec CommandSpec spec;

  /** {@code --version}: the version the jar's manifest names. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SandboxMain.class.getPackage().getImplementationVersion();
      return new String[] {
        "rootkey-sandbox " + (version == null ? "(not built as a jar)" : version)
      };
    }
  }

  /** Held so the JUL logger keeps its level: the mock web server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) {
    MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }

  /** The command line with its subcommands, reporting every failure on one line. */
  static CommandLine commandLine() {
    return OneLineErrors.on(new CommandLine(new SandboxMain()));
  }

  @Override
  public Integer call() throws Exception {
    for (Path dir : applyDirs) {
      if (!dir.toFile().isDirectory()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--apply " + dir + ": not a folder");
      }
    }
    StateFolder state = new StateFolder(stateDir);
    Path kubeconfigFile = kubeconfig != null ? kubeconfig : state.kubeconfig();
    Path githubKeyFile = githubKey != null ? githubKey : state.githubKey();
    // Closed in reverse order, by the shutdown hook or at once if starting fails.
    Deque<AutoCloseable> started = new ArrayDeque<>();
    started.push(state.lease());
    // Starting takes seconds, up to a minute on a busy machine: say what is happening meanwhile.
    Consumer<String> progress = message -> System.out.println("rootkey sandbox: " + message);
    try {
      FreePorts.require(apiPort, "--api-port", "API server");
      FreePorts.require(webhookPort, "--webhook-port", "scanner-webhook");
      FreePorts.require(admissionPort, "--admission-port", "admission endpoints");
      progress.accept("starting the API server, the operator and the scanner-webhook...");
      SecureRandom random = new SecureRandom();
      SandboxGitHub github =
          startStandIn(
              "GitHub",
              githubKeyFile,
              random,
              "pass --github-key a file you can write, or --state-dir a folder");
      started.push(github);
      URI keysUrl = githubKeysUrl == null ? github.keysUrl() : githubKeysUrl;
      Path gitlabKeyFile = state.gitlabKey();
      SandboxGitHub gitlab =
          startStandIn("GitLab", gitlabKeyFile, random, "pass --state-dir a folder you can write");
      started.push(gitlab);
      String revocationToken =
          gitlabRevocationToken != null ? gitlabRevocationToken : randomToken(random);
      GitLabConfig gitlabConfig =
          new GitLabConfig(
              Optional.of(gitlabKeysUrl == null ? gitlab.keysUrl() : gitlabKeysUrl),
              Optional.of(revocationToken(revocationToken)));
      Sandbox sandbox = startSandbox(keysUrl, gitlabConfig, random, progress);
      started.push(sandbox);
      write(
          "the kubeconfig",
          "--kubeconfig",
          kubeconfigFile,
          () -> KubeconfigWriter.write(kubeconfigFile, sandbox.server().url()));
      List<HasMetadata> applied = new ArrayList<>();
      for (Path dir : applyDirs) {
        progress.accept("applying " + dir + " ...");
        applied.addAll(apply(sandbox, dir));
      }
      SandboxEnv env =
          new SandboxEnv(
              URI.create(sandbox.server().url()),
              URI.create(sandbox.webhookUrl()),
              kubeconfigFile.toAbsolutePath(),
              githubKeyFile.toAbsolutePath(),
              gitlabKeyFile.toAbsolutePath(),
              revocationToken);
      write("sandbox.env", "--state-dir", state.env(), () -> env.write(state.env()));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    closeAll(started);
                    stopped.countDown();
                  },
                  "sandbox-shutdown"));
      System.out.println(
          Banner.text(
              new Banner.Endpoints(
                  sandbox.server().url(),
                  kubeconfigFile.toAbsolutePath(),
                  sandbox.webhookUrl(),
                  sandbox.admissionUrl(),
                  state.folder(),
                  state.env(),
                  // alert signs with the stand-in's key: of no use when the webhook trusts others.
                  githubKeysUrl == null
                      ? Optional.of(alertFlags(state, githubKeyFile))
                      : Optional.empty(),
                  gitlabKeysUrl == null ? Optional.of(stateDirFlag(state)) : Optional.empty()),
              ThisJar.command(),
              applied));
      stopped.await();
      return 0;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /**
   * Starts a stand-in host (GitHub or GitLab) with its key written to {@code keyFile}.
   *
   * @param fix what to pass when the file cannot be written
   */
  private static SandboxGitHub startStandIn(
      String host, Path keyFile, SecureRandom random, String fix) {
    try {
      return SandboxGitHub.start(keyFile, random);
    } catch (IOException e) {
      throw new CliError(
          "cannot write the stand-in "
              + host
              + " key to "
              + keyFile
              + " ("
              + OneLineErrors.describe(e)
              + "): "
              + fix);
    }
  }

  /** A token for the Token Revocation API when none is given: 192 random bits, URL-safe. */
  private static String randomToken(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private PreSharedToken revocationToken(String token) {
    try {
      return new PreSharedToken(token);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--gitlab-revocation-token: " + e.getMessage());
    }
  }

  private Sandbox startSandbox(
      URI keysUrl, GitLabConfig gitlab, SecureRandom random, Consumer<String> progress) {
    try {
      return Sandbox.start(
          apiPort,
          webhookPort,
          admissionPort,
          keysUrl,
          gitlab,
          Clock.systemUTC(),
          new KeyGenerator(random),
          // The sandbox's records live only as long as this process: a fresh key each run.
          RecordSeal.random(random),
          progress);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          // Free when checked, taken since: by what, the message cannot say.
          throw new CliError(
              "cannot listen on a port the sandbox needs ("
                  + OneLineErrors.describe(t)
                  + "): try again, or pass 0 to --api-port, --webhook-port and --admission-port"
                  + " for free ones");
        }
      }
      throw e;
    }
  }

  private static List<HasMetadata> apply(Sandbox sandbox, Path dir) {
    try {
      return sandbox.apply(dir);
    } catch (RuntimeException e) {
      throw new CliError(
          "--apply "
              + dir
              + ": "
              + OneLineErrors.reason(e)
              + (e instanceof UncheckedIOException io
                  ? " (" + OneLineErrors.describe(io.getCause()) + ")"
                  : "")
              + "; fix the manifest, or move it out of the folder");
    }
  }

  /** The flags {@code alert} needs to find this sandbox: none with the default state folder. */
  private String alertFlags(StateFolder state, Path githubKeyFile) {
    StringBuilder flags = new StringBuilder(stateDirFlag(state));
    if (githubKey != null) {
      flags.append(" --github-key ").append(Shell.quote(githubKeyFile.toAbsolutePath().toString()));
    }
    return flags.toString();
  }

  /** The flag that finds this sandbox's state folder: none for the default one. */
  private String stateDirFlag(StateFolder state) {
    return spec.commandLine().getParseResult().hasMatchedOption("--state-dir")
        ? " --state-dir " + Shell.quote(state.folder().toString())
        : "";
  }

  /** A file write whose failure names the file and the flag that moves it. */
  private interface FileWrite {
    void run() throws IOException;
  }

  private static void write(String what, String flag, Path file, FileWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new CliError(
          "cannot write "
              + what
              + " to "
              + file
              + " ("
              + OneLineErrors.describe(e)
              + "): pass "
              + flag
              + " somewhere you can write");
    }
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // Stopping: the rest must still be closed.
      }
    }
  }
}
