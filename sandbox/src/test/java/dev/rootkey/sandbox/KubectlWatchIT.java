package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl's watches against a {@link SandboxServer}: {@code get -w} and {@code wait}. */
class KubectlWatchIT {

  @TempDir Path tmp;
  private SandboxServer sandbox;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxServer.start(0);
    kubectl = Kubectl.against(sandbox.url(), tmp);
    TestSandboxes.createNamespace(sandbox.client(), "payments");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void getWithWatchPrintsARowForEachChangeUntilStopped() {
    createRootKey("demo");
    try (Kubectl.Running watch = kubectl.start("get", "rk", "-n", "payments", "-w")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> printedRow(watch, "NAME") && printedRow(watch, "demo"));

      markReady("demo");
      await().atMost(Duration.ofSeconds(30)).until(() -> printedRow(watch, "demo", "True"));
      createRootKey("other");
      await().atMost(Duration.ofSeconds(30)).until(() -> printedRow(watch, "other"));

      assertThat(watch.process().isAlive()).as(watch.output()).isTrue();
      assertThat(watch.output()).doesNotContain("Error", "BadRequest");
    }
  }

  @Test
  void waitForReadyReturnsOnceTheWatchedRootKeyBecomesReady() throws Exception {
    createRootKey("demo");
    try (Kubectl.Running wait =
        kubectl.start(
            "wait",
            "--for=condition=Ready",
            "rk/demo",
            "-n",
            "payments",
            "--timeout=60s",
            "-v=6")) {
      // Ready only once kubectl watches: the condition must come to it over the watch.
      await().atMost(Duration.ofSeconds(30)).until(() -> watching(wait));
      markReady("demo");
      assertThat(wait.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(wait.process().exitValue()).as(wait.output()).isZero();
      assertThat(wait.output()).contains("rootkey.rootkey.dev/demo condition met");
    }
  }

  @Test
  void waitForAllReturnsOnceEveryRootKeyIsReady() throws Exception {
    createRootKey("first");
    createRootKey("second");
    try (Kubectl.Running wait =
        kubectl.start(
            "wait",
            "--for=condition=Ready",
            "rk",
            "--all",
            "-n",
            "payments",
            "--timeout=60s",
            "-v=6")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> watching(wait));
      markReady("first");
      markReady("second");
      assertThat(wait.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(wait.process().exitValue()).as(wait.output()).isZero();
      assertThat(wait.output())
          .contains("rootkey.rootkey.dev/first condition met")
          .contains("rootkey.rootkey.dev/second condition met");
    }
  }

  /** kubectl -v=6 logs each answered request: a watch answered 200 is one that is running. */
  private static boolean watching(Kubectl.Running kubectl) {
    return kubectl.output().lines().anyMatch(l -> l.contains("watch=true 200 OK"));
  }

  /** Whether kubectl printed a row for {@code name} holding each of {@code cells}. */
  private static boolean printedRow(Kubectl.Running watch, String name, String... cells) {
    return watch
        .output()
        .lines()
        .map(line -> List.of(line.trim().split("\\s+")))
        .anyMatch(row -> row.get(0).equals(name) && row.containsAll(List.of(cells)));
  }

  private void createRootKey(String name) {
    GenericKubernetesResource rootKey = new GenericKubernetesResource();
    rootKey.setApiVersion("rootkey.dev/v1alpha1");
    rootKey.setKind("RootKey");
    rootKey.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .build());
    rootKey.setAdditionalProperty("spec", Map.of("permissions", List.of("api.demo.verify_key")));
    sandbox.client().resource(rootKey).create();
  }

  private void markReady(String name) {
    sandbox
        .client()
        .genericKubernetesResources("rootkey.dev/v1alpha1", "RootKey")
        .inNamespace("payments")
        .withName(name)
        .editStatus(
            rk -> {
              rk.setAdditionalProperty(
                  "status",
                  Map.of(
                      "phase",
                      "Active",
                      "conditions",
                      List.of(Map.of("type", "Ready", "status", "True"))));
              return rk;
            });
  }
}
