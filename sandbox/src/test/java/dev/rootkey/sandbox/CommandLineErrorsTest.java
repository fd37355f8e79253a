package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a user sees when a command of {@code rootkey-sandbox} cannot do its job, for every failure
 * found before a sandbox starts: one line on stderr saying what is wrong and which flag or file
 * fixes it, a non-zero exit code, never a stack trace. Run through picocli as {@code main} does.
 */
class CommandLineErrorsTest {

  @TempDir Path tmp;

  /** One run of the command line: exit code, stdout, stderr. */
  record Run(int code, String out, String err) {

    /** The lines on stderr, after checking they hold no stack trace. */
    String errorLine() {
      assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in thread");
      assertThat(err.lines()).as(err).hasSize(1);
      return err.strip();
    }
  }

  static Run run(String... args) {
    CommandLine commandLine = SandboxMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs the command line, which must fail with exit code 1, and returns its one error line. */
  static String failureLine(String... args) {
    Run run = run(args);
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    return run.errorLine();
  }

  /** The arguments of an alert of {@code token} to {@code webhook}, signed with githubKey. */
  static String[] alertArgs(String token, String webhook, Path githubKey) {
    return new String[] {
      "alert", "--token", token, "--webhook", webhook, "--github-key", githubKey.toString()
    };
  }

  @Test
  void alertWithNoSandboxRunningSaysHowToStartOneOrWhichFlagToPass() {
    Path state = tmp.resolve("state");
    assertThat(failureLine("alert", "--token", "rk_x", "--state-dir", state.toString()))
        .startsWith(
            "rootkey-sandbox alert: no sandbox is running with state folder "
                + state
                + " (it has no sandbox.env): start one (java -jar ")
        .endsWith("or pass --state-dir the folder it was started with, or --webhook its URL");
  }

  @Test
  void alertWithoutTheKeyFileNamesTheFileTheSandboxWritesAndTheFlag() {
    Path state = tmp.resolve("state");
    assertThat(
            failureLine(
                "alert",
                "--token",
                "rk_x",
                "--state-dir",
                state.toString(),
                "--webhook",
                "http://127.0.0.1:8090"))
        .startsWith(
            "rootkey-sandbox alert: no stand-in GitHub key at "
                + state.resolve("github-key.pem")
                + ": the sandbox writes it when it starts; start it (java -jar ")
        .endsWith("or pass --github-key the key file the running sandbox printed");
  }

  @Test
  void alertWithAFileThatIsNotAKeySaysSoAndWhichFileToPass() throws IOException {
    Path notAKey = Files.writeString(tmp.resolve("notes.txt"), "not a key\n");
    assertThat(failureLine(alertArgs("rk_x", "http://127.0.0.1:8090", notAKey)))
        .isEqualTo(
            "rootkey-sandbox alert: "
                + notAKey
                + " holds no private key, not the sandbox's EC P-256 key: pass --github-key the"
                + " key file the running sandbox printed");
  }

  @Test
  void alertToAPortWhereNothingListensSaysNothingAnswersAndHowToFindTheRightOne()
      throws IOException {
    int closed = freePort();
    assertThat(failureLine(alertArgs("rk_x", "http://127.0.0.1:" + closed, standInKey())))
        .startsWith(
            "rootkey-sandbox alert: nothing answers at http://127.0.0.1:"
                + closed
                + " (--webhook): is the sandbox running? Start it (java -jar ")
        .endsWith("or pass --webhook the scanner-webhook URL it printed");
  }

  @Test
  void alertAfterASandboxWasKilledSaysNothingAnswersWhereItsSandboxEnvPoints() throws IOException {
    // A sandbox killed with SIGKILL leaves its sandbox.env behind.
    StateFolder state = new StateFolder(tmp.resolve("state"));
    Files.createDirectories(state.folder());
    URI gone = URI.create("http://127.0.0.1:" + freePort());
    new SandboxEnv(
            URI.create("http://127.0.0.1:1"),
            gone,
            state.kubeconfig(),
            standInKey(),
            state.gitlabKey(),
            "a-revocation-token")
        .write(state.env());

    assertThat(failureLine("alert", "--token", "rk_x", "--state-dir", state.folder().toString()))
        .startsWith(
            "rootkey-sandbox alert: nothing answers at "
                + gone
                + " (from "
                + state.env()
                + "): is the sandbox running? Start it (java -jar ");
  }

  @Test
  void aWebhookUrlWithoutSchemeIsAUsageErrorThatShowsAGoodOne() {
    Run run = run("alert", "--token", "rk_x", "--webhook", "127.0.0.1:8090");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            "rootkey-sandbox alert: --webhook 127.0.0.1:8090 is not an http(s) URL with a host:"
                + " pass e.g. http://127.0.0.1:8090, as the sandbox printed",
            "Run 'rootkey-sandbox alert --help' for its options.");
  }

  @Test
  void aMisspeltOptionIsReportedWithTheOneMeantRatherThanAsAMissingOne() {
    Run run = run("alert", "--tokn", "rk_x");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Missing required");
    assertThat(run.err().lines())
        .first()
        .isEqualTo("rootkey-sandbox alert: Unknown options: '--tokn', 'rk_x'");
    assertThat(run.err()).contains("--token").contains("rootkey-sandbox alert --help");
  }

  @Test
  void aSandboxOnAPortInUseNamesThePortItsFlagAndTheWayOut() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      assertThat(failureLine("--state-dir", tmp.resolve("a").toString(), "--api-port", "" + port))
          .isEqualTo(
              "rootkey-sandbox: cannot listen on 127.0.0.1:"
                  + port
                  + " for the API server (--api-port): in use (by another sandbox?); stop what"
                  + " holds it, or pass --api-port 0 for any free port");

      assertThat(
              failureLine(
                  "--state-dir",
                  tmp.resolve("b").toString(),
                  "--api-port",
                  "0",
                  "--webhook-port",
                  "" + port))
          .contains("127.0.0.1:" + port + " for the scanner-webhook (--webhook-port): in use")
          .endsWith("or pass --webhook-port 0 for any free port");
    }
  }

  @Test
  void aSecondSandboxOnTheSameStateFolderIsRefusedBeforeItOverwritesTheKeyOfTheFirst()
      throws IOException {
    StateFolder state = new StateFolder(tmp.resolve("state"));
    try (StateFolder.Lease first = state.lease()) {
      Files.writeString(state.githubKey(), "the first sandbox's key");
      assertThat(failureLine("--state-dir", state.folder().toString(), "--api-port", "0"))
          .isEqualTo(
              "rootkey-sandbox: another rootkey sandbox is running with state folder "
                  + state.folder()
                  + ": stop it (Ctrl-C), or pass --state-dir another folder to run a second one");
      assertThat(state.githubKey()).hasContent("the first sandbox's key");
    }
  }

  @Test
  void aStateFolderThatIsAFileIsReportedAsSuch() throws IOException {
    Path file = Files.writeString(tmp.resolve("state"), "");
    assertThat(failureLine("--state-dir", file.toString()))
        .isEqualTo(
            "rootkey-sandbox: --state-dir " + file + " is a file, not a folder: pass a folder");
  }

  @Test
  void aPortOutOfRangeIsReportedWithTheRange() {
    assertThat(failureLine("--state-dir", tmp.toString(), "--webhook-port", "99999"))
        .isEqualTo(
            "rootkey-sandbox: --webhook-port 99999 is not a port: pass 1-65535, or 0 for any free"
                + " one");
  }

  /** A real stand-in GitHub key file, as the sandbox writes it. */
  private Path standInKey() throws IOException {
    Path key = tmp.resolve("github-key.pem");
    SandboxGitHub.start(key, new SecureRandom()).close();
    return key;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
