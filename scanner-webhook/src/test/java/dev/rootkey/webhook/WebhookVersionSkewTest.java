package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyHash;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.admission.RootKeyReviews;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RootKeys written for another version of the API (a typo where no schema prunes it, a newer CRD
 * after an upgrade or rollback) seen by the scanner-webhook: its index keeps running, a key whose
 * RootKey it cannot fully read never verifies, and admission warns of what it ignores.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookVersionSkewTest {

  private static final String NAMESPACE = "payments";
  private final ObjectMapper json = new ObjectMapper();
  KubernetesClient client;
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void aKeyOfARootKeyWithAFieldThisVersionDoesNotKnowVerifies() {
    createRaw("typo", "{\"permissions\":[\"api.*.verify_key\"],\"rotaton\":{\"interval\":\"1h\"}}");
    String token = deliveredToken("typo");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(token).equals("VALID"));
  }

  @Test
  void keysOfARootKeyWhoseSpecCannotBeReadStopVerifyingAndOtherKeysStillDo() {
    createRaw(
        "narrow", "{\"permissions\":[\"api.*.verify_key\"],\"allowedCidrs\":[\"10.0.0.0/8\"]}");
    String narrow = deliveredToken("narrow");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(narrow).equals("FORBIDDEN"));

    // Its allowed addresses can no longer be read: the key must not verify from anywhere.
    GenericKubernetesResource stored = raw("narrow");
    stored.setAdditionalProperty(
        "spec",
        Serialization.unmarshal(
            "{\"permissions\":[\"api.*.verify_key\"],\"allowedCidrs\":\"10.0.0.0/8\"}",
            Object.class));
    client.resource(stored).update();
    await().atMost(Duration.ofSeconds(30)).until(() -> code(narrow).equals("NOT_FOUND"));

    createRaw("later", "{\"permissions\":[\"api.*.verify_key\"]}");
    String later = deliveredToken("later");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(later).equals("VALID"));
  }

  @Test
  void aLeakOfAKeyWhoseRootKeyCannotBeReadIsRecordedAndRevoked() throws Exception {
    createRaw("unread", "{\"permissions\":[\"api.*.verify_key\"]}");
    String token = deliveredToken("unread");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(token).equals("VALID"));
    GenericKubernetesResource stored = raw("unread");
    stored.setAdditionalProperty(
        "spec",
        Serialization.unmarshal(
            "{\"permissions\":[\"api.*.verify_key\"],\"rotation\":5}", Object.class));
    client.resource(stored).update();
    await().atMost(Duration.ofSeconds(30)).until(() -> code(token).equals("NOT_FOUND"));

    HttpResponse<String> answer = system.alert(List.of(RunningSystem.match(token)));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(json.readTree(answer.body()).get(0).path("label").asText())
        .isEqualTo("true_positive");
    String hash = KeyHash.sha256Hex(token);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems().stream()
                    .anyMatch(
                        leak ->
                            leak.getSpec().getTokenHash().equals(hash)
                                && leak.getStatus() != null
                                && leak.getStatus().getAction() == LeakAction.Revoked));
  }

  @Test
  void theValidatingWebhookWarnsOfFieldsItIgnoresOrCannotRead() throws Exception {
    assertThat(warnings("{\"permissions\":[\"a.b\"],\"rotaton\":{\"interval\":\"1h\"}}"))
        .containsExactly("unknown field \"spec.rotaton\" (rootkey-operator ignores it)");
    assertThat(warnings("{\"permissions\":\"a.b\"}"))
        .containsExactly(
            "spec.permissions: expected a list, found a string (rootkey-operator cannot read this"
                + " RootKey and leaves it as it is)");
    assertThat(warnings("{\"permissions\":[\"a.b\"],\"rota\\nton\":1}"))
        .containsExactly("unknown field \"spec.rota\\u000aton\" (rootkey-operator ignores it)");
    assertThat(warnings("{\"permissions\":[\"a.b\"]}")).isEmpty();
  }

  private List<String> warnings(String spec) throws Exception {
    JsonNode object =
        json.readTree(
            "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\",\"metadata\":"
                + "{\"name\":\"w\",\"namespace\":\"payments\"},\"spec\":"
                + spec
                + "}");
    String review =
        RootKeyReviews.request(
            "CREATE", NAMESPACE, null, object, "dave", List.of("system:authenticated"), true);
    HttpResponse<String> answer =
        system.postAdmission(RootKeyAdmission.VALIDATE_PATH, json.readTree(review));
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode response = json.readTree(answer.body()).path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    if (response.path("warnings").isMissingNode()) {
      return List.of();
    }
    return json.convertValue(
        response.path("warnings"),
        json.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private String code(String token) throws Exception {
    return system.verify(token, List.of()).at("/data/code").asText();
  }

  /** Sends the RootKey as kubectl would, with no Java type between it and the server. */
  private void createRaw(String name, String spec) {
    client
        .resource(
            Serialization.unmarshal(
                "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\",\"metadata\":"
                    + "{\"name\":\""
                    + name
                    + "\",\"namespace\":\""
                    + NAMESPACE
                    + "\"},\"spec\":"
                    + spec
                    + "}",
                GenericKubernetesResource.class))
        .create();
  }

  private GenericKubernetesResource raw(String name) {
    return client
        .genericKubernetesResources(RootKey.GROUP + "/" + RootKey.VERSION, "RootKey")
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  /** The key in the Secret once the RootKey is Ready with it as its current key. */
  private String deliveredToken(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              RootKey rootKey =
                  client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
              Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
              return rootKey != null
                  && rootKey.getStatus() != null
                  && rootKey.getStatus().getCurrentKeyId() != null
                  && secret != null
                  && rootKey
                      .getStatus()
                      .getCurrentKeyId()
                      .equals(secret.getMetadata().getAnnotations().get("rootkey.dev/key-id"));
            });
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }
}
