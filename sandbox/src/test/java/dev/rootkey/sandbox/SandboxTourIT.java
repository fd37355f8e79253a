package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.operator.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sandbox as a newcomer meets it: it says what it is doing while it starts, then
 * prints commands to paste; each of them, pasted in order into one shell, works.
 */
class SandboxTourIT {

  private static final Path JAR = Path.of("target/rootkey-sandbox.jar").toAbsolutePath();
  private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath();
  private static final String COMMANDS_FOLLOW = "Try, one line at a time in one shell:";

  @TempDir Path work;

  @Test
  void afterApplyingTheExamplesEveryCommandTheBannerPrintsWorksWhenPasted() throws Exception {
    try (ChildProcess sandbox = startSandbox("--apply", EXAMPLES.toString())) {
      List<String> output = awaitBanner();
      int running = output.indexOf("rootkey sandbox is running (Ctrl-C or SIGTERM stops it).");
      assertThat(output.subList(0, running))
          .as("progress before the banner")
          .anyMatch(l -> l.startsWith("rootkey sandbox: starting"))
          .anyMatch(l -> l.startsWith("rootkey sandbox: API server listening on http://127.0.0.1:"))
          .anyMatch(l -> l.equals("rootkey sandbox: operator started"))
          .anyMatch(l -> l.startsWith("rootkey sandbox: scanner-webhook listening on"))
          .anyMatch(l -> l.startsWith("rootkey sandbox: applying " + EXAMPLES));
      List<String> commands = commands(output);
      // The examples were just applied: applying them again would only print warnings.
      assertThat(commands).noneMatch(c -> c.contains("kubectl apply"));
      assertThat(commands).anyMatch(c -> c.contains("kubectl describe rk billing-service"));
      tour(commands);
    }
  }

  @Test
  void withNothingAppliedTheBannersFirstCommandCreatesTheRootKeyTheOthersUse() throws Exception {
    try (ChildProcess sandbox = startSandbox()) {
      List<String> commands = commands(awaitBanner());
      assertThat(commands.get(1)).endsWith("| kubectl apply -f -");
      tour(commands);
    }
  }

  /**
   * Pastes the commands in order, as a user would: up to reading the key, then (once the key
   * verifies, as the user sees it by the time they get there) the rest, in a shell that exported
   * the kubeconfig again. Each call to the webhook prints what the user looks for.
   */
  private void tour(List<String> commands) throws Exception {
    String export = commands.get(0);
    int readKey = indexOf(commands, "KEY=$(");
    String verify = commands.get(indexOf(commands, "curl -s "));
    paste(commands.subList(0, readKey));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> bash(List.of(export, commands.get(readKey), verify)).contains("\"VALID\""));
    List<String> rest = new ArrayList<>(List.of(export));
    rest.addAll(commands.subList(readKey, commands.size()));
    List<String> printed = paste(rest);
    assertThat(printedBy(rest, printed, "/v2/keys.verifyKey")).contains("\"code\":\"VALID\"");
    assertThat(printedBy(rest, printed, "/v2/keys.whoami"))
        .contains("\"keyId\":\"", "\"start\":\"");
    assertThat(printedBy(rest, printed, " alert --token "))
        .startsWith("200 ")
        .contains("true_positive");
    assertThat(printedBy(rest, printed, " alert --from gitlab --token "))
        .startsWith("200 ")
        .contains("true_positive");
    assertThat(printedBy(rest, printed, " alert --from gitlab-self-managed --token "))
        .startsWith("204 ");
  }

  /** What the one command containing the text printed. */
  private static String printedBy(List<String> commands, List<String> printed, String text) {
    List<Integer> matching = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).contains(text)) {
        matching.add(i);
      }
    }
    assertThat(matching).as("commands containing %s in %s", text, commands).hasSize(1);
    return printed.get(matching.get(0));
  }

  /**
   * Runs the commands in one bash, in order; each must succeed and print no error. Returns what
   * each printed, in order.
   */
  private List<String> paste(List<String> commands) throws Exception {
    List<String> script = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String command = commands.get(i);
      if (command.contains(" -w ")) {
        // Runs until Ctrl-C: here until the timeout stops it, as the user would after a look.
        command = "timeout 5 " + command.substring(0, command.indexOf('#')).strip();
      }
      script.add(command);
      script.add("echo \"@@@ " + i + " exit=$?\"");
    }
    String out = bash(script);
    String[] parts = out.split("@@@ ");
    assertThat(parts).as(out).hasSize(commands.size() + 1);
    List<String> printedByEach = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String command = commands.get(i);
      String printed = i == 0 ? parts[0] : parts[i].substring(parts[i].indexOf('\n') + 1);
      String status = parts[i + 1].lines().findFirst().orElseThrow();
      String expected = command.contains(" -w ") ? i + " exit=124" : i + " exit=0";
      assertThat(status).as("%s\n%s", command, printed).isEqualTo(expected);
      assertThat(printed)
          .as(command)
          .doesNotContain("Error from server", "error:", "Warning:", "NOT_FOUND");
      printedByEach.add(printed);
    }
    return printedByEach;
  }

  private String bash(List<String> lines) throws Exception {
    Path file = Files.createTempFile(work, "paste", ".sh");
    Files.write(file, lines);
    ProcessBuilder bash =
        new ProcessBuilder("bash", file.toString())
            .directory(work.toFile())
            .redirectErrorStream(true);
    bash.environment().put("KUBECACHEDIR", work.resolve("kube-cache").toString());
    bash.environment().remove("KUBECONFIG");
    Process process = bash.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return out;
  }

  private static int indexOf(List<String> commands, String prefix) {
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no command starting with " + prefix + " in " + commands);
  }

  private ChildProcess startSandbox(String... extra) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--api-port",
                String.valueOf(freePort()),
                "--webhook-port",
                String.valueOf(freePort()),
                "--kubeconfig",
                work.resolve("kubeconfig").toString(),
                "--github-key",
                work.resolve("github key.pem").toString(),
                // Its own state folder, never the user's.
                "--state-dir",
                work.resolve("state").toString()));
    command.addAll(List.of(extra));
    return ChildProcess.start(
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("sandbox.out").toFile()));
  }

  private List<String> awaitBanner() throws IOException {
    Path out = work.resolve("sandbox.out");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Files.readString(out).contains("kubectl wait --for=delete"));
    return Files.readAllLines(out);
  }

  /** The banner's command lines, in order: indented lines after its "Try" heading. */
  private static List<String> commands(List<String> output) {
    List<String> commands = new ArrayList<>();
    boolean inCommands = false;
    for (String line : output) {
      if (line.equals(COMMANDS_FOLLOW)) {
        inCommands = true;
      } else if (inCommands && line.startsWith("  ")) {
        commands.add(line.strip());
      }
    }
    return commands;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
