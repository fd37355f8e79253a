package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.UUID;

/**
 * The AdmissionReview an API server sends about a RootKey write, for callers that play the API
 * server's part: the sandbox's in-process API server, and tests.
 */
public final class RootKeyReviews {

  private RootKeyReviews() {}

  /**
   * @param old the RootKey as stored (null for a create)
   * @param object the RootKey as it would be (null for a delete)
   * @return the review as JSON, with a new request uid
   */
  public static String request(
      String operation,
      String namespace,
      JsonNode old,
      JsonNode object,
      String username,
      List<String> groups,
      boolean dryRun) {
    JsonNode named = object != null ? object : old;
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withNewRequest()
            .withUid(UUID.randomUUID().toString())
            .withKind(new GroupVersionKind("rootkey.dev", "RootKey", "v1alpha1"))
            .withResource(new GroupVersionResource("rootkey.dev", "rootkeys", "v1alpha1"))
            .withName(named.path("metadata").path("name").asText())
            .withNamespace(namespace)
            .withOperation(operation)
            .withNewUserInfo()
            .withUsername(username)
            .withGroups(groups)
            .endUserInfo()
            .withObject(resource(object))
            .withOldObject(resource(old))
            .withDryRun(dryRun)
            .endRequest()
            .build();
    return Serialization.asJson(review);
  }

  /** The object as it is, whatever fields it has. */
  private static GenericKubernetesResource resource(JsonNode object) {
    return object == null
        ? null
        : Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
  }
}
