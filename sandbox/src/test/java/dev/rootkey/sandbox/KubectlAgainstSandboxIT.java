package dev.rootkey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against a {@link SandboxServer}: discovery, apply, get, annotate, delete. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlAgainstSandboxIT {

  @TempDir static Path tmp;
  static SandboxServer sandbox;
  static Path manifests;
  static Kubectl cli;

  @BeforeAll
  static void start() throws Exception {
    sandbox = SandboxServer.start(0);
    cli = Kubectl.against(sandbox.url(), tmp);
    manifests = Path.of(KubectlAgainstSandboxIT.class.getResource("/manifests").toURI());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void applyCreatesThenUpdates() {
    ok("apply", "-f", file("namespace.yaml"));
    assertTrue(
        ok("apply", "-f", file("rootkey.yaml")).contains("rootkey.rootkey.dev/demo created"));
    assertTrue(
        ok("apply", "-f", file("rootkey-changed.yaml"))
            .contains("rootkey.rootkey.dev/demo configured"));
    // The list is replaced, not appended to, and the generation moves on.
    assertEquals(
        "[\"api.*.create_key\"] 2",
        ok("get", "rk", "demo", "-o", "jsonpath={.spec.permissions} {.metadata.generation}"));
  }

  @Test
  @Order(2)
  void applyDirectory() {
    String out = ok("apply", "-f", file("dir") + "/");
    assertTrue(out.contains("rootkey.rootkey.dev/alpha created"), out);
    assertTrue(out.contains("secret/manual created"), out);
    assertTrue(ok("apply", "-f", file("dir") + "/").contains("rootkey.rootkey.dev/beta unchanged"));
  }

  @Test
  @Order(3)
  void getPrintsCrdColumns() {
    sandbox
        .client()
        .genericKubernetesResources("rootkey.dev/v1alpha1", "RootKey")
        .inNamespace("default")
        .withName("demo")
        .editStatus(
            rk -> {
              rk.setAdditionalProperty(
                  "status",
                  java.util.Map.of(
                      "phase", "Active",
                      "currentKeyStart", "rk_3fA9",
                      "nextRotationAt", "2031-01-01T00:00:00Z",
                      "keys",
                          List.of(
                              java.util.Map.of("state", "Active"),
                              java.util.Map.of(
                                  "state", "Expiring", "expiresAt", "2030-01-01T01:00:00Z")),
                      "conditions",
                          List.of(
                              java.util.Map.of("type", "Ready", "status", "True"),
                              java.util.Map.of(
                                  "type",
                                  "PreviousKeyInUse",
                                  "status",
                                  "True",
                                  "reason",
                                  "InUse"))));
              return rk;
            });
    String table = ok("get", "rk");
    assertTrue(table.startsWith("NAME"), table);
    assertTrue(
        table
            .lines()
            .findFirst()
            .orElseThrow()
            .matches("NAME\\s+READY\\s+PHASE\\s+KEY\\s+PREVIOUS KEY\\s+AGE"),
        table);
    assertTrue(
        table
            .lines()
            .anyMatch(l -> l.matches("demo\\s+True\\s+Active\\s+rk_3fA9\\s+InUse\\s+\\d+s")),
        table);
    String wide = ok("get", "rk", "demo", "-o", "wide");
    assertTrue(
        wide.lines()
            .findFirst()
            .orElseThrow()
            .matches(
                "NAME\\s+READY\\s+PHASE\\s+KEY\\s+PREVIOUS KEY\\s+AGE\\s+KEY AGE\\s+NEXT ROTATION"
                    + "\\s+GRACE ENDS"
                    + "\\s+EXPIRES"),
        wide);
    assertTrue(
        wide.lines()
            .anyMatch(
                l ->
                    l.matches(
                        // Empty cells (KEY AGE, EXPIRES) are blank, as on a real cluster.
                        "demo\\s+True\\s+Active\\s+rk_3fA9\\s+InUse\\s+\\d+s\\s+2031-01-01T00:00:00Z"
                            + "\\s+2030-01-01T01:00:00Z\\s*")),
        wide);

    String all = ok("get", "rootkeys", "-A");
    assertTrue(all.startsWith("NAMESPACE"), all);
    assertTrue(all.contains("team-a") && all.contains("alpha"), all);

    String yaml = ok("get", "rk", "demo", "-o", "yaml");
    assertTrue(yaml.contains("kind: RootKey") && yaml.contains("phase: Active"), yaml);
    String json = ok("get", "rk", "-n", "team-a", "-o", "json");
    assertTrue(json.contains("\"name\": \"alpha\""), json);

    Kubectl.Result missing = kubectl("get", "rk", "nosuch");
    assertEquals(1, missing.code());
    assertTrue(
        missing.output().contains("rootkeys.rootkey.dev \"nosuch\" not found"), missing.output());
  }

  @Test
  @Order(4)
  void annotate() {
    ok("annotate", "rk", "demo", "rootkey.dev/rotate=x", "--overwrite");
    assertEquals(
        "x",
        ok("get", "rk", "demo", "-o", "jsonpath={.metadata.annotations.rootkey\\.dev/rotate}"));
  }

  @Test
  @Order(5)
  void secrets() {
    assertTrue(ok("get", "secrets").contains("manual"));
    String yaml = ok("get", "secret", "manual", "-o", "yaml");
    assertTrue(yaml.contains("FOO: YmFy"), yaml); // stringData folded into data
  }

  @Test
  @Order(6)
  void namespaces() {
    assertTrue(ok("get", "ns").contains("team-a"));
    // Typed create commands send protobuf, which the store cannot read: a clear 415, no hang.
    Kubectl.Result create = kubectl("create", "namespace", "x");
    assertEquals(1, create.code());
    assertTrue(create.output().contains("UnsupportedMediaType"), create.output());
  }

  @Test
  @Order(7)
  void delete() {
    assertTrue(ok("delete", "rk", "demo").contains("\"demo\" deleted"));
    assertTrue(ok("delete", "-f", file("dir/a.yaml")).contains("\"alpha\" deleted"));
    assertTrue(!ok("get", "rk", "-A").contains("alpha"));
  }

  @Test
  @Order(8)
  void plainRest() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String base = sandbox.url() + "/apis/rootkey.dev/v1alpha1/namespaces/rest/rootkeys";
    // As on a cluster, the namespace must exist first.
    var namespace =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sandbox.url() + "/api/v1/namespaces"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                            + "\"metadata\":{\"name\":\"rest\"}}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, namespace.statusCode());
    var post =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\","
                            + "\"metadata\":{\"name\":\"r1\"},\"spec\":{\"permissions\":[\"a\"]}}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, post.statusCode());
    var list =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains("\"r1\""), list.body());
  }

  private static String file(String name) {
    return manifests.resolve(name).toString();
  }

  private static String ok(String... args) {
    return cli.ok(args);
  }

  private static Kubectl.Result kubectl(String... args) {
    return cli.run(args);
  }
}
