package dev.rootkey.sandbox;

import java.util.Optional;

/**
 * A resource path of the Kubernetes API, taken apart: {@code /api/v1[/namespaces/NS]/PLURAL[/NAME
 * [/SUBRESOURCE]]} or the same under {@code /apis/GROUP/VERSION}. The group is "" for the core
 * group; namespace, name and subresource are null when absent.
 */
record ApiPath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  /** The path of {@code uri} (its query ignored), if it names a resource or a collection. */
  static Optional<ApiPath> parse(String uri) {
    int q = uri.indexOf('?');
    String[] parts = (q < 0 ? uri : uri.substring(0, q)).split("/", -1);
    // parts[0] is "" (the path starts with a slash).
    int next;
    String group;
    if (parts.length >= 4 && parts[1].equals("api")) {
      group = "";
      next = 2;
    } else if (parts.length >= 5 && parts[1].equals("apis")) {
      group = parts[2];
      next = 3;
    } else {
      return Optional.empty();
    }
    String version = parts[next++];
    String namespace = null;
    if (parts.length - next >= 3 && parts[next].equals("namespaces")) {
      namespace = parts[next + 1];
      next += 2;
    }
    int left = parts.length - next;
    if (left < 1 || left > 3 || parts[next].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiPath(
            group,
            version,
            namespace,
            parts[next],
            left > 1 ? parts[next + 1] : null,
            left > 2 ? parts[next + 2] : null));
  }

  /** "v1" or "group/version". */
  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isCollection() {
    return name == null;
  }

  /** The collection's path, without name or subresource. */
  String collectionPath() {
    return (group.isEmpty() ? "/api/" : "/apis/" + group + "/")
        + version
        + (namespace == null ? "" : "/namespaces/" + namespace)
        + "/"
        + plural;
  }
}
