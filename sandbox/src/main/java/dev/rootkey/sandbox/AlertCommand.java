package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.webhook.TokenRevocationApi;
import dev.rootkey.webhook.WebhookApp;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.gitlab.GitLab;
import dev.rootkey.webhook.partner.SignatureHeaders;
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
 * {@code rootkey-sandbox alert}: sends a running sandbox's webhook a leak report as GitHub, GitLab
 * or a self-managed GitLab sends it.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    versionProvider = SandboxMain.Version.class,
    description =
        "Reports tokens to the sandbox's scanner-webhook as GitHub secret scanning would: a JSON"
            + " array signed with the sandbox's stand-in GitHub key (ECDSA P-256, SHA-256); or,"
            + " with --from, as GitLab's partner alerts (signed with the stand-in GitLab key) or a"
            + " self-managed GitLab's Token Revocation API request (with the sandbox's token)"
            + " would. Finds the running sandbox through its state folder, from any working"
            + " folder.")
final class AlertCommand implements Callable<Integer> {

  /** How long the webhook may take to answer: it records each leak before it answers. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  static final String FROM_GITHUB = "github";
  static final String FROM_GITLAB = "gitlab";
  static final String FROM_GITLAB_SELF_MANAGED = "gitlab-self-managed";

  /** Where a token is found when --url is not given and GitLab reports it. */
  static final String GITLAB_URL = "https://gitlab.com/gitlab-org/hello-world/-/raw/main/.env";

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
      names = "--from",
      paramLabel = "HOST",
      defaultValue = FROM_GITHUB,
      description =
          "Who reports: github (a signed secret-scanning alert), gitlab (GitLab's signed partner"
              + " alert) or gitlab-self-managed (a Token Revocation API request); default:"
              + " ${DEFAULT-VALUE}.")
  String from;

  @Option(
      names = "--gitlab-key",
      paramLabel = "FILE",
      description =
          "With --from gitlab: the stand-in GitLab private key to sign with (default: the running"
              + " sandbox's, from sandbox.env in the state folder).")
  Path gitlabKey;

  @Option(
      names = "--gitlab-revocation-token",
      paramLabel = "VALUE",
      description =
          "With --from gitlab-self-managed: the token to send in Authorization (default: the"
              + " running sandbox's, from sandbox.env in the state folder).")
  String gitlabRevocationToken;

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
    if (!List.of(FROM_GITHUB, FROM_GITLAB, FROM_GITLAB_SELF_MANAGED).contains(from)) {
      throw new ParameterException(
          spec.commandLine(),
          "--from "
              + from
              + ": pass "
              + FROM_GITHUB
              + ", "
              + FROM_GITLAB
              + " or "
              + FROM_GITLAB_SELF_MANAGED);
    }
    StateFolder state = new StateFolder(stateDir);
    boolean credentialGiven =
        switch (from) {
          case FROM_GITHUB -> githubKey != null;
          case FROM_GITLAB -> gitlabKey != null;
          default -> gitlabRevocationToken != null;
        };
    Optional<SandboxEnv> running =
        webhook != null && credentialGiven ? Optional.empty() : SandboxEnv.read(state.env());
    URI target =
        webhook != null ? checked(webhook) : running.orElseThrow(() -> notRunning(state)).webhook();
    String origin = webhook != null ? "--webhook" : "from " + state.env();
    Report report =
        switch (from) {
          case FROM_GITHUB -> signed(target, running, state, GitHub.SIGNATURE_HEADERS);
          case FROM_GITLAB -> signed(target, running, state, GitLab.SIGNATURE_HEADERS);
          default -> revocation(target, running, state);
        };
    HttpResponse<String> response = send(target, origin, report.request());
    if (response.statusCode() != report.success()) {
      throw new CliError(
          WebhookAnswer.explain(
              response.statusCode(),
              response.body(),
              target,
              origin,
              report.credential(),
              report.credentialFix()));
    }
    // The answer echoes each token in plaintext: a terminal (and its scroll-back) gets its start.
    spec.commandLine()
        .getOut()
        .println(RedactedVerdicts.of(response.statusCode(), response.body(), tokens.size()));
    return 0;
  }

  /**
   * A request to send, the status that means it was taken, and what to say when its credential (a
   * signature or a token) is refused.
   */
  private record Report(
      HttpRequest request, int success, String credential, String credentialFix) {}

  /** A partner alert signed with the stand-in host's key, as GitHub and GitLab send theirs. */
  private Report signed(
      URI target, Optional<SandboxEnv> running, StateFolder state, SignatureHeaders host)
      throws IOException, GeneralSecurityException {
    boolean github = host.equals(GitHub.SIGNATURE_HEADERS);
    String flag = github ? "--github-key" : "--gitlab-key";
    Path given = github ? githubKey : gitlabKey;
    Path keyFile =
        given != null
            ? given
            : github
                ? running.map(SandboxEnv::githubKey).orElse(state.githubKey())
                : running.map(SandboxEnv::gitlabKey).orElse(state.gitlabKey());
    byte[] body =
        github
            ? body("rootkey_root_key", "url", url, Optional.of(source))
            : body("rootkey_root_key", "url", gitlabUrl(), Optional.empty());
    String signature = sign(body, GitHubKeyFile.read(keyFile, host.host(), flag));
    HttpRequest request =
        post(
                target.resolve(
                    github
                        ? WebhookApp.SECRET_SCANNING_PATH
                        : WebhookApp.GITLAB_SECRET_DETECTION_PATH),
                body)
            .header(host.keyIdentifier(), SandboxGitHub.KEY_IDENTIFIER)
            .header(host.signature(), signature)
            .build();
    return new Report(
        request,
        200,
        "the alert's signature",
        keyFile
            + " is not the running sandbox's key (each start writes a new one); pass "
            + flag
            + " the key file the sandbox printed");
  }

  /** A Token Revocation API request, as a self-managed GitLab sends it. */
  private Report revocation(URI target, Optional<SandboxEnv> running, StateFolder state)
      throws IOException {
    String token =
        gitlabRevocationToken != null
            ? gitlabRevocationToken
            : running.map(SandboxEnv::gitlabRevocationToken).orElseThrow(() -> notRunning(state));
    byte[] body =
        body(TokenRevocationApi.TOKEN_TYPES.get(0), "location", gitlabUrl(), Optional.empty());
    HttpRequest request =
        post(target.resolve(TokenRevocationApi.REVOKE_TOKENS_PATH), body)
            .header("Authorization", token)
            .build();
    return new Report(
        request,
        204,
        "the request's token",
        "pass --gitlab-revocation-token the token the sandbox was started with (see sandbox.env)");
  }

  /** Where GitLab found the token: --url when given, else a GitLab address. */
  private String gitlabUrl() {
    return spec.commandLine().getParseResult().hasMatchedOption("--url") ? url : GITLAB_URL;
  }

  private byte[] body(String type, String placeField, String place, Optional<String> kind)
      throws IOException {
    List<Map<String, String>> matches = new ArrayList<>();
    for (String token : tokens) {
      Map<String, String> match = new LinkedHashMap<>();
      match.put("token", token);
      match.put("type", type);
      match.put(placeField, place);
      kind.ifPresent(k -> match.put("source", k));
      matches.add(match);
    }
    return new ObjectMapper().writeValueAsBytes(matches);
  }

  private static HttpRequest.Builder post(URI url, byte[] body) {
    return HttpRequest.newBuilder(url)
        .timeout(ANSWER_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static String sign(byte[] body, PrivateKey key) throws GeneralSecurityException {
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(key);
    signature.update(body);
    return Base64.getEncoder().encodeToString(signature.sign());
  }

  private static HttpResponse<String> send(URI target, String origin, HttpRequest request)
      throws InterruptedException {
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
