package dev.rootkey.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads a stand-in host's (GitHub's or GitLab's) private key the sandbox wrote; what is wrong with
 * a file is told with the way to the right one.
 */
final class GitHubKeyFile {

  private GitHubKeyFile() {}

  /** The stand-in GitHub's P-256 private key in {@code file}. */
  static ECPrivateKey read(Path file) {
    return read(file, "GitHub", "--github-key");
  }

  /**
   * The P-256 private key in {@code file}.
   *
   * @param host whose stand-in key it is, for messages
   * @param flag the {@code alert} flag that names another file
   */
  static ECPrivateKey read(Path file, String host, String flag) {
    String fix = "pass " + flag + " the key file the running sandbox printed";
    PrivateKey key;
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      key = privateKey(parser.readObject());
    } catch (NoSuchFileException e) {
      throw new CliError(
          "no stand-in "
              + host
              + " key at "
              + file
              + ": the sandbox writes it when it starts; start it ("
              + ThisJar.command()
              + "), or "
              + fix);
    } catch (AccessDeniedException e) {
      throw new CliError("cannot read " + file + ": permission denied; " + fix);
    } catch (IOException | RuntimeException e) {
      throw new CliError(
          file + " is not a PEM private key (" + OneLineErrors.describe(e) + "): " + fix);
    }
    if (key instanceof ECPrivateKey ec) {
      return ec;
    }
    throw new CliError(
        file
            + " holds "
            + (key == null ? "no private key" : "a " + key.getAlgorithm() + " key")
            + ", not the sandbox's EC P-256 key: "
            + fix);
  }

  private static PrivateKey privateKey(Object pem) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (pem instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    if (pem instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    return null;
  }
}
