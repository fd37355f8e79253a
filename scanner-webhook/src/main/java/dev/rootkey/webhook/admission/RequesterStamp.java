package dev.rootkey.webhook.admission;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps {@value RotationAnnotations#ROTATE_REQUESTED_BY} true: the user who set the current rotate
 * value, as the API server authenticated them. A new rotate value is stamped with its requester;
 * any other write to the annotation is undone, so nobody can name someone else.
 */
public final class RequesterStamp {

  /** JSON Pointer to the annotation ({@code /} in a key is written {@code ~1}). */
  static final String POINTER =
      "/metadata/annotations/" + RotationAnnotations.ROTATE_REQUESTED_BY.replace("/", "~1");

  private RequesterStamp() {}

  /**
   * The JSON Patch that makes {@code after} carry the right requester, if it does not already.
   *
   * @param before the RootKey as stored; null for a create
   * @param username who is making this change
   */
  public static Optional<List<Map<String, Object>>> patch(
      RootKey before, RootKey after, String username) {
    Map<String, String> was = annotations(before);
    Map<String, String> is = annotations(after);
    String rotate = is.get(RotationAnnotations.ROTATE);
    String wanted;
    if (rotate == null || rotate.isBlank()) {
      // Nothing asked, nobody to name.
      wanted = null;
    } else if (before != null && !rotate.equals(was.get(RotationAnnotations.ROTATE))) {
      wanted = username;
    } else {
      // The same request as before (or one present at creation, which never rotates): whoever
      // made it stays named.
      wanted = was.get(RotationAnnotations.ROTATE_REQUESTED_BY);
    }
    if (Objects.equals(wanted, is.get(RotationAnnotations.ROTATE_REQUESTED_BY))) {
      return Optional.empty();
    }
    if (wanted == null) {
      return Optional.of(List.of(Map.of("op", "remove", "path", POINTER)));
    }
    // The rotate annotation is there, so the annotations map is; "add" of an existing member
    // replaces it (RFC 6902, 4.1).
    return Optional.of(List.of(Map.of("op", "add", "path", POINTER, "value", wanted)));
  }

  private static Map<String, String> annotations(RootKey rootKey) {
    if (rootKey == null || rootKey.getMetadata().getAnnotations() == null) {
      return Map.of();
    }
    return rootKey.getMetadata().getAnnotations();
  }
}
