package dev.rootkey.sandbox;

import dev.rootkey.webhook.partner.KeySetDocument;
import dev.rootkey.webhook.partner.KeySetEndpoint;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Stands in for GitHub, or for GitLab (which signs its partner alerts the same way), on a laptop: a
 * P-256 signing key whose private half is written to a file for {@code rootkey-sandbox alert}, and
 * whose public half is served in the shape of GitHub's (and GitLab's) keys endpoint.
 */
final class SandboxGitHub implements AutoCloseable {

  static final String KEY_IDENTIFIER = "rootkey-sandbox";

  private final KeySetEndpoint server;

  private SandboxGitHub(KeySetEndpoint server) {
    this.server = server;
  }

  /** Generates the key, writes its private half to {@code privateKeyFile}, serves the public. */
  static SandboxGitHub start(Path privateKeyFile, SecureRandom random) throws IOException {
    KeyPair keyPair = generate(random);
    Files.writeString(privateKeyFile, privateKeyPem(keyPair));
    KeySetEndpoint server =
        KeySetEndpoint.serve(KeySetDocument.of(KEY_IDENTIFIER, keyPair.getPublic()));
    return new SandboxGitHub(server);
  }

  URI keysUrl() {
    return server.url();
  }

  private static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides P-256", e);
    }
  }

  private static String privateKeyPem(KeyPair keyPair) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
