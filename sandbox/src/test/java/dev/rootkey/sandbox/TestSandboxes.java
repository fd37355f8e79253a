package dev.rootkey.sandbox;

import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;

/** Sandboxes started and filled as the sandbox's tests need them. */
final class TestSandboxes {

  /** GitHub keys nobody serves: for tests that send no alert, so never fetch them. */
  static final URI NO_GITHUB_KEYS = URI.create("http://127.0.0.1:9/keys");

  private TestSandboxes() {}

  /**
   * The whole sandbox (API server, operator, webhook) on free ports, trusting the GitHub keys at
   * {@code githubKeysUrl}, its keys and record seal drawn from {@code random}.
   */
  static Sandbox start(URI githubKeysUrl, SecureRandom random) {
    return Sandbox.start(
        0,
        0,
        0,
        githubKeysUrl,
        Clock.systemUTC(),
        new KeyGenerator(random),
        RecordSeal.random(random),
        part -> {});
  }

  /** Creates the namespace {@code name}, as {@code kubectl create namespace} does. */
  static void createNamespace(KubernetesClient client, String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }
}
