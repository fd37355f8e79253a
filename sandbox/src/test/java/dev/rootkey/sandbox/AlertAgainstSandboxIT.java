package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.sandbox.CommandLineErrorsTest.Run;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootkey-sandbox alert} against a real sandbox (API server, operator, scanner-webhook and
 * stand-in GitHub, in this JVM): what a user sees when the webhook refuses the alert, and a failed
 * start that leaves nothing running.
 */
class AlertAgainstSandboxIT {

  private static final String REVOCATION_TOKEN = "the-sandbox-revocation-token";

  @TempDir static Path tmp;
  private static SandboxGitHub github;
  private static Sandbox sandbox;
  private static Path githubKey;

  @BeforeAll
  static void start() throws Exception {
    SecureRandom random = new SecureRandom();
    githubKey = tmp.resolve("github-key.pem");
    github = SandboxGitHub.start(githubKey, random);
    sandbox =
        Sandbox.start(
            0,
            0,
            0,
            github.keysUrl(),
            new GitLabConfig(
                Optional.of(github.keysUrl()), Optional.of(new PreSharedToken(REVOCATION_TOKEN))),
            Clock.systemUTC(),
            new KeyGenerator(random),
            RecordSeal.random(random),
            message -> {});
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (github != null) {
      github.close();
    }
  }

  @Test
  void anAlertSignedWithAStaleKeyFileIsRefusedWithWhichFileToPassInstead() throws Exception {
    // The key file an earlier run of the sandbox left: each start writes a new one.
    Path stale = tmp.resolve("earlier-github-key.pem");
    SandboxGitHub.start(stale, new SecureRandom()).close();

    assertThat(
            CommandLineErrorsTest.failureLine(
                CommandLineErrorsTest.alertArgs("rk_x", sandbox.webhookUrl(), stale)))
        .startsWith(
            "rootkey-sandbox alert: the scanner-webhook at "
                + sandbox.webhookUrl()
                + " refused the alert's signature (401: ")
        .endsWith(
            "): "
                + stale
                + " is not the running sandbox's key (each start writes a new one); pass"
                + " --github-key the key file the sandbox printed");
  }

  @Test
  void anAlertSentToTheApiServerInsteadOfTheWebhookSaysWhichUrlToPass() {
    assertThat(
            CommandLineErrorsTest.failureLine(
                CommandLineErrorsTest.alertArgs("rk_x", sandbox.server().url(), githubKey)))
        .startsWith(
            "rootkey-sandbox alert: "
                + sandbox.server().url()
                + " (--webhook) is a Kubernetes API server, not the scanner-webhook (")
        .endsWith("): pass --webhook the scanner-webhook URL the sandbox printed");
  }

  @Test
  void anAlertSentToAnotherServerWithoutTheEndpointSaysWhichUrlToPass() {
    // The stand-in GitHub's own server: a port of the sandbox, but not the webhook's.
    String other = github.keysUrl().resolve("/").toString().replaceAll("/$", "");
    assertThat(
            CommandLineErrorsTest.failureLine(
                CommandLineErrorsTest.alertArgs("rk_x", other, githubKey)))
        .startsWith(
            "rootkey-sandbox alert: "
                + other
                + " (--webhook) has no secret-scanning endpoint (404: ")
        .endsWith("): pass --webhook the scanner-webhook URL the sandbox printed");
  }

  @Test
  void aSignedAlertIsAnsweredAndPrinted() {
    Run run =
        CommandLineErrorsTest.run(
            CommandLineErrorsTest.alertArgs("rk_not_ours", sandbox.webhookUrl(), githubKey));
    assertThat(run.err()).isEmpty();
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("200 ").contains("false_positive");
  }

  @Test
  void theAnswerPrintedShowsEachTokenByItsStartAndNeverTheWholeToken() {
    // A well-formed key (not one of the sandbox's) and a stranger: the answer echoes both.
    String key = new KeyGenerator(new SecureRandom()).generate("rk").token();
    String stranger = "ghp_someoneElsesTokenFoundBeside";
    for (String from : List.of("github", "gitlab")) {
      Run run =
          CommandLineErrorsTest.run(
              "alert",
              "--token",
              key,
              "--token",
              stranger,
              "--from",
              from,
              "--webhook",
              sandbox.webhookUrl(),
              "--github-key",
              githubKey.toString(),
              "--gitlab-key",
              githubKey.toString());
      assertThat(run.err()).isEmpty();
      assertThat(run.out())
          .as(from)
          .isEqualTo(
              "200 verdicts:\n"
                  + "  "
                  + KeyFormat.visibleStart(key)
                  + "...  rootkey_root_key  false_positive\n"
                  + "  ghp_...  rootkey_root_key  false_positive\n")
          .doesNotContain(key)
          .doesNotContain(stranger);
    }
  }

  @Test
  void aSelfManagedGitLabRequestWithAWrongTokenIsRefusedWithWhichFlagToPass() {
    Run run =
        CommandLineErrorsTest.run(
            "alert",
            "--token",
            "rk_x",
            "--from",
            "gitlab-self-managed",
            "--webhook",
            sandbox.webhookUrl(),
            "--gitlab-revocation-token",
            "not-" + REVOCATION_TOKEN);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errorLine())
        .startsWith(
            "rootkey-sandbox alert: the scanner-webhook at "
                + sandbox.webhookUrl()
                + " refused the request's token (401: ")
        .endsWith(
            "): pass --gitlab-revocation-token the token the sandbox was started with (see"
                + " sandbox.env)");
  }

  @Test
  void aGitLabAlertSignedWithTheStandInKeyAndARevocationWithTheTokenAreTaken() {
    // The stand-in GitHub's key serves as GitLab's here: the sandbox under test trusts it for both.
    Run gitlab =
        CommandLineErrorsTest.run(
            "alert",
            "--token",
            "rk_not_ours",
            "--from",
            "gitlab",
            "--webhook",
            sandbox.webhookUrl(),
            "--gitlab-key",
            githubKey.toString());
    assertThat(gitlab.err()).isEmpty();
    assertThat(gitlab.out()).startsWith("200 ").contains("false_positive");
    Run selfManaged =
        CommandLineErrorsTest.run(
            "alert",
            "--token",
            "rk_not_ours",
            "--from",
            "gitlab-self-managed",
            "--webhook",
            sandbox.webhookUrl(),
            "--gitlab-revocation-token",
            REVOCATION_TOKEN);
    assertThat(selfManaged.err()).isEmpty();
    assertThat(selfManaged.out()).startsWith("204 ");
  }

  @Test
  void aManifestThatDoesNotParseIsNamedAndTheSandboxThatStartedForItStops() throws Exception {
    Path manifests = tmp.resolve("manifests");
    Files.createDirectories(manifests);
    Path broken =
        Files.writeString(
            manifests.resolve("broken.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n");
    int apiPort = freePort();
    Path state = tmp.resolve("state");

    assertThat(
            CommandLineErrorsTest.failureLine(
                "--state-dir",
                state.toString(),
                "--api-port",
                "" + apiPort,
                "--webhook-port",
                "0",
                "--apply",
                manifests.toString()))
        .startsWith("rootkey-sandbox: --apply " + manifests + ": cannot apply " + broken + ": ")
        .endsWith("; fix the manifest, or move it out of the folder");

    // Nothing left running: the port is free, the state folder can be taken, alert finds no one.
    try (ServerSocket again = new ServerSocket(apiPort)) {
      assertThat(again.getLocalPort()).isEqualTo(apiPort);
    }
    new StateFolder(state).lease().close();
    assertThat(state.resolve("sandbox.env")).doesNotExist();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
