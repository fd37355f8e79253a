package dev.rootkey.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sandbox.env}: where a running sandbox listens and where its files are, as shell exports a
 * person can {@code source} and {@code rootkey-sandbox alert} reads, so neither needs a port.
 *
 * @param api the API server's base URL
 * @param webhook the scanner-webhook's base URL
 * @param kubeconfig the kubeconfig the sandbox wrote
 * @param githubKey the stand-in GitHub private key the sandbox wrote
 * @param gitlabKey the stand-in GitLab private key the sandbox wrote
 * @param gitlabRevocationToken the token its Token Revocation API takes, as a self-managed GitLab
 *     sends it
 */
record SandboxEnv(
    URI api,
    URI webhook,
    Path kubeconfig,
    Path githubKey,
    Path gitlabKey,
    String gitlabRevocationToken) {

  static final String API = "ROOTKEY_SANDBOX_API";
  static final String WEBHOOK = "ROOTKEY_SANDBOX_WEBHOOK";
  static final String KUBECONFIG = "KUBECONFIG";
  static final String GITHUB_KEY = "ROOTKEY_SANDBOX_GITHUB_KEY";
  static final String GITLAB_KEY = "ROOTKEY_SANDBOX_GITLAB_KEY";
  static final String GITLAB_REVOCATION_TOKEN = "ROOTKEY_SANDBOX_GITLAB_REVOCATION_TOKEN";

  private static final Pattern EXPORT = Pattern.compile("export ([A-Z_]+)='(.*)'");

  /** Writes the file whole (through a temporary file), so a reader never sees half of it. */
  void write(Path file) throws IOException {
    String text =
        String.join(
            "\n",
            "# Written by the rootkey sandbox while it runs; removed when it stops.",
            "# In a shell: source " + file,
            export(KUBECONFIG, kubeconfig.toString()),
            export(API, api.toString()),
            export(WEBHOOK, webhook.toString()),
            export(GITHUB_KEY, githubKey.toString()),
            export(GITLAB_KEY, gitlabKey.toString()),
            export(GITLAB_REVOCATION_TOKEN, gitlabRevocationToken),
            "");
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** What {@code file} says, or empty when there is no such file (no sandbox running). */
  static Optional<SandboxEnv> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliError("cannot read " + file + " (" + OneLineErrors.describe(e) + ")");
    }
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = EXPORT.matcher(line.strip());
      if (m.matches()) {
        values.put(m.group(1), m.group(2).replace("'\\''", "'"));
      }
    }
    try {
      return Optional.of(
          new SandboxEnv(
              URI.create(required(values, API, file)),
              URI.create(required(values, WEBHOOK, file)),
              Path.of(required(values, KUBECONFIG, file)),
              Path.of(required(values, GITHUB_KEY, file)),
              Path.of(required(values, GITLAB_KEY, file)),
              required(values, GITLAB_REVOCATION_TOKEN, file)));
    } catch (IllegalArgumentException e) {
      throw new CliError(file + " is damaged (" + e.getMessage() + "): restart the sandbox");
    }
  }

  private static String required(Map<String, String> values, String name, Path file) {
    String value = values.get(name);
    if (value == null) {
      throw new CliError(file + " has no " + name + ": restart the sandbox, which rewrites it");
    }
    return value;
  }

  private static String export(String name, String value) {
    return "export " + name + "=" + Shell.singleQuoted(value);
  }
}
