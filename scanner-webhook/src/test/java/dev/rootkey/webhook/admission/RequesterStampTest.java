package dev.rootkey.webhook.admission;

import static dev.rootkey.webhook.admission.RootKeyEditsTest.rootKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The patches are applied as the API server applies them, then the result is checked. */
class RequesterStampTest {

  @Test
  void aNewRotateValueIsStampedWithWhoeverSetIt() {
    RootKey before = rootKey(Map.of(), Map.of(RotationAnnotations.ROTATE, "1"));
    RootKey after = rootKey(Map.of(), Map.of(RotationAnnotations.ROTATE, "2"));

    assertThat(requester(before, after, "alice")).isEqualTo("alice");
  }

  @Test
  void withNoRotateRequestNobodyIsNamed() {
    RootKey before =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "alice"));
    RootKey cleared = rootKey(Map.of(), Map.of(RotationAnnotations.ROTATE_REQUESTED_BY, "alice"));
    RootKey bare = rootKey(Map.of(), Map.of());
    bare.getMetadata().setAnnotations(null);

    assertThat(requester(before, cleared, "bob")).isNull();
    assertThat(RequesterStamp.patch(before, bare, "bob")).isEmpty();
  }

  @Test
  void nobodyCanNameSomeoneElse() {
    RootKey before =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "alice"));
    RootKey forged =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "bob"));
    RootKey newRequestForged =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "2", RotationAnnotations.ROTATE_REQUESTED_BY, "bob"));
    RootKey created =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "bob"));

    assertThat(requester(before, forged, "mallory")).isEqualTo("alice");
    assertThat(requester(before, newRequestForged, "mallory")).isEqualTo("mallory");
    assertThat(requester(null, created, "mallory")).isNull();
  }

  @Test
  void anUnchangedRequestNeedsNoPatch() {
    RootKey before =
        rootKey(
            Map.of(),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "alice"));
    RootKey after =
        rootKey(
            Map.of("team", "pay"),
            Map.of(
                RotationAnnotations.ROTATE, "1", RotationAnnotations.ROTATE_REQUESTED_BY, "alice"));

    assertThat(RequesterStamp.patch(before, after, "bob")).isEmpty();
  }

  /** The requester annotation after the API server applied the patch, if any. */
  private static String requester(RootKey before, RootKey after, String username) {
    JsonNode object = Serialization.jsonMapper().valueToTree(after);
    List<Map<String, Object>> patch =
        RequesterStamp.patch(before, after, username).orElse(List.of());
    JsonNode patched = JsonPatch.apply(Serialization.jsonMapper().valueToTree(patch), object);
    JsonNode value =
        patched.path("metadata").path("annotations").path(RotationAnnotations.ROTATE_REQUESTED_BY);
    return value.isMissingNode() ? null : value.asText();
  }
}
