package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.admission.RootKeyReviews;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays the API server's part in a RootKey write, as on a cluster where the chart registered the
 * scanner-webhook's admission endpoints (on their own port, from 127.0.0.1): the mutating webhook,
 * its patch applied, the validating webhook, and only then the write. The in-process API server has
 * no admission chain of its own. The operator's own writes do not come through here; on a cluster
 * they do, and change nothing a person sets, so they are not recorded (RootKeyEdits).
 */
final class AdmittingApiServer {

  /** Who the API server authenticated. */
  record User(String username, List<String> groups) {}

  /**
   * The webhook's answer to a change.
   *
   * @param uid the uid of the (last) review the answer is to
   */
  record Admission(boolean allowed, String message, String uid) {}

  private final KubernetesClient client;
  private final RunningSystem system;
  private final ObjectMapper json = Serialization.jsonMapper();

  AdmittingApiServer(KubernetesClient client, RunningSystem system) {
    this.client = client;
    this.system = system;
  }

  Admission create(RootKey rootKey, User user) throws Exception {
    JsonNode object = mutate("CREATE", null, json.valueToTree(rootKey), user);
    Admission admission = validate("CREATE", null, object, user, false);
    if (admission.allowed()) {
      client.resource(json.treeToValue(object, RootKey.class)).create();
    }
    return admission;
  }

  /** A create with {@code --dry-run=server}: admitted or not, nothing is written. */
  Admission dryRunCreate(RootKey rootKey, User user) throws Exception {
    return validate("CREATE", null, json.valueToTree(rootKey), user, true);
  }

  /** Reads the RootKey, applies {@code edit} to it and writes it back, as `kubectl edit` does. */
  Admission update(String namespace, String name, User user, Consumer<RootKey> edit)
      throws Exception {
    RootKey stored = client.resources(RootKey.class).inNamespace(namespace).withName(name).get();
    RootKey edited = json.treeToValue(json.valueToTree(stored), RootKey.class);
    edit.accept(edited);
    JsonNode old = json.valueToTree(stored);
    JsonNode object = mutate("UPDATE", old, json.valueToTree(edited), user);
    Admission admission = validate("UPDATE", old, object, user, false);
    if (admission.allowed()) {
      // Carries the resourceVersion read above: a concurrent change makes this fail, as it would.
      client.resource(json.treeToValue(object, RootKey.class)).update();
    }
    return admission;
  }

  /**
   * Only the validating webhook's answer about deleting {@code stored}, as the API server asks it
   * (once for each attempt of its storage's update loop); nothing is deleted.
   */
  Admission askToDelete(RootKey stored, User user) throws Exception {
    return validate("DELETE", json.valueToTree(stored), null, user, false);
  }

  Admission delete(String namespace, String name, User user) throws Exception {
    RootKey stored = client.resources(RootKey.class).inNamespace(namespace).withName(name).get();
    Admission admission = validate("DELETE", json.valueToTree(stored), null, user, false);
    if (admission.allowed()) {
      client.resource(stored).delete();
    }
    return admission;
  }

  /** The object after the mutating webhook's patch, if it sent one. */
  private JsonNode mutate(String operation, JsonNode old, JsonNode object, User user)
      throws Exception {
    JsonNode response = review(RootKeyAdmission.MUTATE_PATH, operation, old, object, user, false);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    if (!response.hasNonNull("patch")) {
      return object;
    }
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = json.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    return JsonPatch.apply(patch, object);
  }

  private Admission validate(
      String operation, JsonNode old, JsonNode object, User user, boolean dryRun) throws Exception {
    JsonNode response =
        review(RootKeyAdmission.VALIDATE_PATH, operation, old, object, user, dryRun);
    return new Admission(
        response.path("allowed").asBoolean(),
        response.path("status").path("message").asText(),
        response.path("uid").asText());
  }

  /** Sends one AdmissionReview as the API server does and returns its response. */
  private JsonNode review(
      String path, String operation, JsonNode old, JsonNode object, User user, boolean dryRun)
      throws Exception {
    JsonNode request =
        json.readTree(
            RootKeyReviews.request(
                operation,
                (object != null ? object : old).path("metadata").path("namespace").asText(),
                old,
                object,
                user.username(),
                user.groups(),
                dryRun));
    String uid = request.path("request").path("uid").asText();
    HttpResponse<String> answer = system.postAdmission(path, request);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode review = json.readTree(answer.body());
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.path("response").path("uid").asText()).isEqualTo(uid);
    return review.path("response");
  }
}
