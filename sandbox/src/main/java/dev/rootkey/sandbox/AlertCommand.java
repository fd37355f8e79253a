package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rootkey-sandbox alert}: sends a running sandbox's webhook an alert signed as GitHub does.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    versionProvider = SandboxMain.Version.class,
    description =
        "Reports tokens to the sandbox's scanner-webhook as GitHub secret scanning would: a JSON"
            + " array signed with the sandbox's stand-in GitHub key (ECDSA P-256, SHA-256). Finds"
            + " the running sandbox through its state folder, from any working folder.")
final class AlertCommand implements Callable<Integer> {

  /** How long the webhook may take to answer: it records each leak before it answers. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      required = true,
      description = "A token found in public; repeat for a batch.")
  List<String> tokens = new ArrayList<>();

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = StateFolder.DEFAULT,
      description =
          "The state folder of the sandbox to alert, where it wrote sandbox.env and its key"
              + " (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--webhook",
      paramLabel = "URL",
      description =
          "The scanner-webhook's URL, e.g. http://127.0.0.1:8090 (default: the running"
              + " sandbox's, from sandbox.env in the state folder).")
  String webhook;

  @Option(
      names = "--github-key",
      paramLabel = "FILE",
      description =
          "The stand-in GitHub private key to sign with (default: the running sandbox's, from"
              + " sandbox.env in the state folder).")
  Path githubKey;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "https://github.com/octocat/Hello-World/blob/main/.env",
      description = "Where the token was found (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--source",
      paramLabel = "KIND",
      defaultValue = "commit",
      description = "What kind of place it was found in (default: ${DEFAULT-VALUE}).")
  String source;

  @Override
  public Integer call() throws Exception {
    StateFolder state = new StateFolder(stateDir);
    Optional<SandboxEnv> running =
        webhook != null && githubKey != null ? Optional.empty() : SandboxEnv.read(state.env());
    URI target =
        webhook != null ? checked(webhook) : running.orElseThrow(() -> notRunning(state)).webhook();
    String origin = webhook != null ? "--webhook" : "from " + state.env();
    Path keyFile =
        githubKey != null
            ? githubKey
            : running.map(SandboxEnv::githubKey).orElse(state.githubKey());
    byte[] body = alertBody();
    HttpResponse<String> response =
        send(target, origin, body, sign(body, GitHubKeyFile.read(keyFile)));
    if (response.statusCode() != 200) {
      throw new CliError(
          WebhookAnswer.explain(response.statusCode(), response.body(), target, origin, keyFile));
    }
    spec.commandLine().getOut().println(response.statusCode() + " " + response.body());
    return 0;
  }

  private byte[] alertBody() throws IOException {
    List<Map<String, String>> matches = new ArrayList<>();
    for (String token : tokens) {
      Map<String, String> match = new LinkedHashMap<>();
      match.put("token", token);
      match.put("type", "rootkey_root_key");
      match.put("url", url);
      match.put("source", source);
      matches.add(match);
    }
    return new ObjectMapper().writeValueAsBytes(matches);
  }

  private static String sign(byte[] body, PrivateKey key) throws GeneralSecurityException {
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(key);
    signature.update(body);
    return Base64.getEncoder().encodeToString(signature.sign());
  }

  private static HttpResponse<String> send(URI target, String origin, byte[] body, String signature)
      throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(target.resolve("/github/secret-scanning"))
            .timeout(ANSWER_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Github-Public-Key-Identifier", SandboxGitHub.KEY_IDENTIFIER)
            .header("Github-Public-Key-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_TIMEOUT).build();
    String fix =
        "is the sandbox running? Start it ("
            + ThisJar.command()
            + "), or pass --webhook the scanner-webhook URL it printed";
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliError("nothing answers at " + target + " (" + origin + "): " + fix);
    } catch (HttpTimeoutException e) {
      throw new CliError(
          "no answer from "
              + target
              + " ("
              + origin
              + ") within "
              + ANSWER_TIMEOUT.toSeconds()
              + " s: "
              + fix);
    } catch (IOException e) {
      throw new CliError(
          "cannot send the alert to "
              + target
              + " ("
              + origin
              + ": "
              + OneLineErrors.describe(e)
              + "): "
              + fix);
    }
  }

  /** The --webhook URL, or a usage error that shows one. */
  private URI checked(String webhook) {
    try {
      URI uri = new URI(webhook);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, with what a good one looks like.
    }
    throw new ParameterException(
        spec.commandLine(),
        "--webhook "
            + webhook
            + " is not an http(s) URL with a host: pass e.g. http://127.0.0.1:8090, as the sandbox"
            + " printed");
  }

  private static CliError notRunning(StateFolder state) {
    return new CliError(
        "no sandbox is running with state folder "
            + state.folder()
            + " (it has no sandbox.env): start one ("
            + ThisJar.command()
            + "), or pass --state-dir the folder it was started with, or --webhook its URL");
  }
}
