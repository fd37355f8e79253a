package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rootkey-sandbox alert}: sends a running sandbox's webhook an alert signed as GitHub does.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description =
        "Reports tokens to the sandbox's scanner-webhook as GitHub secret scanning would: a JSON"
            + " array signed with the sandbox's stand-in GitHub key (ECDSA P-256, SHA-256).")
final class AlertCommand implements Callable<Integer> {

  @Option(
      names = "--token",
      required = true,
      description = "A token found in public; repeat for a batch.")
  List<String> tokens = new ArrayList<>();

  @Option(
      names = "--webhook",
      defaultValue = "http://127.0.0.1:8090",
      description = "The sandbox's scanner-webhook (default: ${DEFAULT-VALUE}).")
  URI webhook;

  @Option(
      names = "--github-key",
      defaultValue = SandboxMain.DEFAULT_GITHUB_KEY,
      description = "The sandbox's stand-in GitHub private key (default: ${DEFAULT-VALUE}).")
  Path githubKey;

  @Option(
      names = "--url",
      defaultValue = "https://github.com/octocat/Hello-World/blob/main/.env",
      description = "Where the token was found (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--source",
      defaultValue = "commit",
      description = "What kind of place it was found in (default: ${DEFAULT-VALUE}).")
  String source;

  @Override
  public Integer call() throws Exception {
    List<Map<String, String>> matches = new ArrayList<>();
    for (String token : tokens) {
      Map<String, String> match = new LinkedHashMap<>();
      match.put("token", token);
      match.put("type", "rootkey_root_key");
      match.put("url", url);
      match.put("source", source);
      matches.add(match);
    }
    byte[] body = new ObjectMapper().writeValueAsBytes(matches);
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(readPrivateKey(githubKey));
    signature.update(body);
    HttpRequest request =
        HttpRequest.newBuilder(webhook.resolve("/github/secret-scanning"))
            .header("Content-Type", "application/json")
            .header("Github-Public-Key-Identifier", SandboxGitHub.KEY_IDENTIFIER)
            .header(
                "Github-Public-Key-Signature", Base64.getEncoder().encodeToString(signature.sign()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    System.out.println(response.statusCode() + " " + response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }

  private static PrivateKey readPrivateKey(Path file) throws Exception {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException(file + " holds no private key");
    }
  }
}
