package dev.rootkey.webhook;

import static dev.rootkey.operator.ProductionLogging.FORGED_AUDIT_RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.operator.ProductionLogging;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.admission.RootKeyReviews;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook's stdout under its own logback.xml, as a log pipeline reads it, when a signed alert
 * or an admission review carries text meant to forge an audit record.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookLogLinesTest {

  private static final String NAMESPACE = "payments";

  KubernetesClient client;
  private final ObjectMapper json = new ObjectMapper();
  private ProductionLogging logging;
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    logging = ProductionLogging.start(Path.of("src/main/resources/logback.xml"));
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() throws Exception {
    system.close();
    logging.close();
  }

  @Test
  void aLeakUrlOrAnUnknownFieldNameWithALineBreakNeverPrintsALineOfItsOwn() throws Exception {
    String token = issue("billing");
    Map<String, String> match = RunningSystem.match(token);
    match.put("url", " https://x\n" + FORGED_AUDIT_RECORD + "\r\n\u2028");

    assertThat(system.alert(List.of(match)).statusCode()).isEqualTo(200);
    assertThat(admitWithAnUnknownField("search").statusCode()).isEqualTo(200);

    // The webhook's leak record, the operator's revocation, the admission's record.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                operations()
                    .containsAll(List.of("leak.reported", "key.revoked", "rootkey.created")));
    assertThat(logging.auditRecords())
        .as("only the services' own records look like audit records")
        .allSatisfy(
            r ->
                assertThat(r.path("actor").path("username").asText())
                    .isIn("github", "rootkey-operator", "alice"));
    // The url is in the log, escaped: the capture saw it.
    assertThat(logging.lines()).anyMatch(l -> l.contains("leaked at https://x\\n{\"schema\""));
  }

  /** A create of a RootKey whose spec has a field named to break a log line. */
  private java.net.http.HttpResponse<String> admitWithAnUnknownField(String name) throws Exception {
    ObjectNode object = json.createObjectNode();
    object.put("apiVersion", "rootkey.dev/v1alpha1").put("kind", "RootKey");
    object.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
    ObjectNode spec = object.putObject("spec");
    spec.putArray("permissions").add("api.*.verify_key");
    spec.put("aField\n" + FORGED_AUDIT_RECORD, "from a newer version");
    String review =
        RootKeyReviews.request("CREATE", NAMESPACE, null, object, "alice", List.of(), false);
    return system.postAdmission(RootKeyAdmission.VALIDATE_PATH, json.readTree(review));
  }

  private List<String> operations() {
    return logging.auditRecords().stream().map(r -> r.path("operation").asText()).toList();
  }

  /** Creates a RootKey and waits until its key verifies, so the webhook knows it. */
  private String issue(String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    rootKey.setSpec(spec);
    client.resource(rootKey).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> secret(name) != null);
    String token =
        new String(
            Base64.getDecoder().decode(secret(name).getData().get("ROOT_KEY")),
            StandardCharsets.UTF_8);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> system.verify(token, List.of()).at("/data/valid").asBoolean());
    return token;
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }
}
