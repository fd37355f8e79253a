package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the discovery documents kubectl needs and delegates everything else to a CRUD store,
 * filtering lists by their label and field selectors as a real API server does.
 */
public final class DiscoveryDispatcher extends Dispatcher {

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private static final Set<String> SELECTOR_PARAMETERS = Set.of("labelSelector", "fieldSelector");

  /** /api/v1 or /apis/group/version, optional namespace, then plural/name. */
  private static final Pattern OBJECT_PATH =
      Pattern.compile(
          "/(?:api|apis/([^/]+))/([^/]+)(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)(?:/status)?");

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * Built-in groups the CRUD store can hold that kubectl users touch. The store accepts any path;
   * these lists only tell kubectl which resources exist, their kinds, scope and short names.
   */
  private static final Map<String, List<APIResource>> BUILT_IN =
      Map.of(
          "v1",
          List.of(
              resource("namespaces", "Namespace", false, List.of("ns")),
              resource("secrets", "Secret", true, List.of()),
              resource("configmaps", "ConfigMap", true, List.of("cm")),
              resource("serviceaccounts", "ServiceAccount", true, List.of("sa")),
              resource("events", "Event", true, List.of("ev")),
              inAll(resource("pods", "Pod", true, List.of("po"))),
              inAll(resource("services", "Service", true, List.of("svc")))),
          "apps/v1",
          List.of(
              inAll(resource("deployments", "Deployment", true, List.of("deploy"))),
              inAll(resource("statefulsets", "StatefulSet", true, List.of("sts"))),
              inAll(resource("daemonsets", "DaemonSet", true, List.of("ds")))),
          "apiextensions.k8s.io/v1",
          List.of(
              resource(
                  "customresourcedefinitions",
                  "CustomResourceDefinition",
                  false,
                  List.of("crd", "crds"))),
          "coordination.k8s.io/v1",
          List.of(resource("leases", "Lease", true, List.of())));

  private final Dispatcher delegate;
  private final VersionInfo versionInfo;
  private final AdmissionChain admission;
  private final TablePrinter tablePrinter = new TablePrinter(Clock.systemUTC());
  private final BuiltInTables builtInTables = new BuiltInTables(Clock.systemUTC());

  /**
   * Wraps {@code delegate}, normally a {@code KubernetesCrudDispatcher} or {@code
   * KubernetesMixedDispatcher}; CRDs are read back from it on every discovery request.
   */
  public DiscoveryDispatcher(Dispatcher delegate, VersionInfo versionInfo) {
    this(delegate, versionInfo, new AdmissionChain());
  }

  DiscoveryDispatcher(Dispatcher delegate, VersionInfo versionInfo, AdmissionChain admission) {
    this.delegate = delegate;
    this.versionInfo = versionInfo;
    this.admission = admission;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return route(request);
    } catch (RuntimeException e) {
      // An exception escaping a dispatcher leaves the HTTP request unanswered and kubectl hangs.
      return status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError", String.valueOf(e));
    }
  }

  private MockResponse route(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(PROTOBUF) && request.getBody().size() > 0) {
      // kubectl's typed commands (create namespace/secret/configmap) send protobuf bodies;
      // the CRUD store only reads JSON or YAML.
      return status(
          HttpURLConnection.HTTP_UNSUPPORTED_TYPE,
          "UnsupportedMediaType",
          "the mock server accepts JSON only; use kubectl apply -f or kubectl create -f instead");
    }
    String path = Requests.pathOnly(request);
    if (request.method() == HttpMethod.GET) {
      Optional<Object> discovery = discovery(path);
      if (discovery.isPresent()) {
        return json(HttpURLConnection.HTTP_OK, discovery.get());
      }
      if (path.equals(OpenApiV3.ROOT)) {
        return json(
            HttpURLConnection.HTTP_OK, OpenApiV3.root(resourcesByGroupVersion(), crdDocuments()));
      }
      if (path.startsWith(OpenApiV3.ROOT + "/")) {
        return OpenApiV3.groupVersion(path, resourcesByGroupVersion(), crdDocuments())
            .map(doc -> json(HttpURLConnection.HTTP_OK, doc))
            .orElseGet(() -> notFound(path));
      }
      if (path.startsWith("/openapi/")) {
        // /openapi/v2 is protobuf and large; kubectl only falls back to it when v3 fails.
        return notFound(path);
      }
    }
    // Order matters: strategic merge patch -> merge patch -> stringData folded -> JSON patch,
    // then admission sees the write as the store will apply it.
    request = StrategicMergePatchAdapter.adapt(request);
    request = SecretStringData.adapt(request);
    request = MergePatchAdapter.adapt(request, this::stored);
    request = NamespaceLifecycle.withDefaults(request);
    Optional<NamespaceLifecycle.Refusal> outside = NamespaceLifecycle.check(request, this::stored);
    if (outside.isPresent()) {
      return status(outside.get().code(), outside.get().reason(), outside.get().message());
    }
    AdmissionChain.Outcome admitted = admission.admit(request, this::stored);
    if (admitted.refusal().isPresent()) {
      AdmissionChain.Refusal refusal = admitted.refusal().get();
      return status(refusal.code(), "Forbidden", refusal.message());
    }
    request = admitted.request();
    Optional<ApiPath> resource = ApiPath.parse(path);
    if (request.method() == HttpMethod.DELETE && resource.isPresent()) {
      holdForDependents(request, resource.get());
    }
    if (request.method() == HttpMethod.GET
        && resource.isPresent()
        && resource.get().isCollection()
        && !Watches.isWatch(request.getPath())) {
      return list(request, resource.get());
    }
    Optional<JsonNode> before =
        request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT
            ? stored(path)
            : Optional.empty();
    MockResponse answer = delegate.dispatch(request);
    MockResponse response =
        isEmptySuccess(answer) && before.isPresent() ? finalState(request, before.get()) : answer;
    admitted.warnings().forEach(w -> response.addHeader("Warning", AdmissionWarnings.header(w)));
    if (request.method() == HttpMethod.GET && response.code() == HttpURLConnection.HTTP_OK) {
      if (wantsTable(request) && response.getBody() != null) {
        Optional<GenericKubernetesResource> table = table(path, response.getBody().getBytes());
        if (table.isPresent()) {
          return json(HttpURLConnection.HTTP_OK, table.get());
        }
      }
    }
    if (response.code() == HttpURLConnection.HTTP_NOT_FOUND && response.getBody() == null) {
      // The store answers 404 with no body; kubectl then prints "the server could not find the
      // requested resource" instead of naming the object.
      return notFound(path);
    }
    return withJsonContentType(response);
  }

  /**
   * A list as a real server answers it: only the objects its label and field selectors select (the
   * store knows few selectors), in name order, its kind named after the listed kind, e.g.
   * EventList, which typed clients such as {@code kubectl events} require.
   */
  private MockResponse list(RecordedRequest request, ApiPath resource) {
    Predicate<JsonNode> selected;
    try {
      selected =
          Selectors.labels(Requests.queryParameter(request.getPath(), "labelSelector"))
              .and(Selectors.fields(Requests.queryParameter(request.getPath(), "fieldSelector")));
    } catch (Selectors.InvalidSelector e) {
      return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
    }
    MockResponse response =
        delegate.dispatch(
            Requests.withUri(
                request, Requests.withoutQueryParameters(request.getPath(), SELECTOR_PARAMETERS)));
    if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null) {
      return withJsonContentType(response);
    }
    JsonNode body = Serialization.unmarshal(response.getBody().inputStream(), JsonNode.class);
    if (!(body instanceof ObjectNode list) || !body.path("items").isArray()) {
      return json(HttpURLConnection.HTTP_OK, body);
    }
    List<JsonNode> selectedItems = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      if (selected.test(item)) {
        selectedItems.add(item);
      }
    }
    // A real server lists in storage-key order, namespace then name; the store, as written.
    selectedItems.sort(
        Comparator.comparing((JsonNode o) -> o.at("/metadata/namespace").asText(""))
            .thenComparing(o -> o.at("/metadata/name").asText("")));
    list.set("items", list.arrayNode().addAll(selectedItems));
    kindOf(resource)
        .ifPresent(
            kind -> {
              list.put("apiVersion", resource.groupVersion());
              list.put("kind", kind + "List");
            });
    if (wantsTable(request)) {
      Optional<GenericKubernetesResource> table =
          table(
              Requests.pathOnly(request),
              Serialization.asJson(list).getBytes(StandardCharsets.UTF_8));
      if (table.isPresent()) {
        return json(HttpURLConnection.HTTP_OK, table.get());
      }
    }
    return json(HttpURLConnection.HTTP_OK, list);
  }

  private static boolean isEmptySuccess(MockResponse response) {
    return response.code() / 100 == 2
        && (response.getBody() == null || response.getBody().size() == 0);
  }

  /**
   * The object as the write that removed its last finalizer left it: the store deleted it and
   * answered nothing, where a real server answers the object (kubectl decodes the answer).
   */
  private static MockResponse finalState(RecordedRequest request, JsonNode before) {
    JsonNode last;
    try {
      last =
          request.method() == HttpMethod.PUT
              ? Requests.jsonBody(request)
              : JsonPatch.apply(Requests.jsonBody(request), before);
    } catch (RuntimeException e) {
      last = before;
    }
    return json(HttpURLConnection.HTTP_OK, last);
  }

  /**
   * A delete with propagationPolicy Orphan or Foreground holds the object with the finalizer the
   * garbage collector acts on ({@code orphan}, {@code foregroundDeletion}), as a real server does;
   * Background, the default, needs none.
   */
  private void holdForDependents(RecordedRequest request, ApiPath resource) {
    String policy = Requests.queryParameter(request.getPath(), "propagationPolicy");
    if (policy == null && request.getBody().size() > 0) {
      JsonNode options = Requests.jsonBody(request);
      policy =
          options.path("orphanDependents").asBoolean(false)
              ? "Orphan"
              : options.path("propagationPolicy").asText(null);
    }
    String finalizer =
        "Orphan".equals(policy)
            ? GarbageCollector.ORPHAN
            : "Foreground".equals(policy) ? GarbageCollector.FOREGROUND : null;
    if (finalizer == null || resource.isCollection() || resource.plural().equals("namespaces")) {
      return;
    }
    Optional<JsonNode> current = stored(Requests.pathOnly(request));
    if (current.isEmpty() || current.get().at("/metadata/deletionTimestamp").isTextual()) {
      return;
    }
    ArrayNode finalizers =
        current.get().at("/metadata/finalizers").isArray()
            ? (ArrayNode) current.get().at("/metadata/finalizers").deepCopy()
            : JsonNodeFactory.instance.arrayNode();
    finalizers.add(finalizer);
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch.addObject().put("op", "add").put("path", "/metadata/finalizers").set("value", finalizers);
    delegate.dispatch(
        Requests.withBody(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PATCH,
                Requests.pathOnly(request),
                Headers.builder().build(),
                new Buffer()),
            patch,
            MergePatchAdapter.JSON_PATCH));
  }

  /**
   * What a watch event carries for an object at {@code objectPath}: the Table row kubectl asked for
   * where the sandbox prints one, else the object.
   */
  JsonNode tableOrObject(String objectPath, JsonNode object) {
    return table(objectPath, Serialization.asJson(object).getBytes(StandardCharsets.UTF_8))
        .<JsonNode>map(table -> Serialization.jsonMapper().valueToTree(table))
        .orElse(object);
  }

  /** The Table for a GET of {@code path} that answered {@code body}, where the sandbox has one. */
  private Optional<GenericKubernetesResource> table(String path, byte[] body) {
    return builtInTables.toTable(path, body).or(() -> tablePrinter.toTable(path, body, crds()));
  }

  /** The kind served at a resource path, from discovery. */
  private Optional<String> kindOf(ApiPath resource) {
    return resourcesByGroupVersion().getOrDefault(resource.groupVersion(), List.of()).stream()
        .filter(r -> r.getName().equals(resource.plural()))
        .map(APIResource::getKind)
        .findFirst();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private Optional<Object> discovery(String path) {
    switch (path) {
      case "/version":
        return Optional.of(versionInfo);
      case "/api":
        return Optional.of(new APIVersionsBuilder().withVersions("v1").build());
      case "/apis":
        return Optional.of(new APIGroupListBuilder().withGroups(groups()).build());
      default:
        break;
    }
    String groupVersion;
    if (path.equals("/api/v1")) {
      groupVersion = "v1";
    } else if (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3) {
      groupVersion = path.substring("/apis/".length());
    } else {
      return Optional.empty();
    }
    List<APIResource> resources = resourcesByGroupVersion().get(groupVersion);
    if (resources == null) {
      return Optional.empty();
    }
    return Optional.of(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  /** Every group/version with its resources: the built-in ones plus the served CRD versions. */
  private Map<String, List<APIResource>> resourcesByGroupVersion() {
    Map<String, List<APIResource>> result = new LinkedHashMap<>();
    BUILT_IN.forEach((gv, list) -> result.put(gv, new ArrayList<>(list)));
    for (CustomResourceDefinition crd : crds()) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (!Boolean.TRUE.equals(version.getServed())) {
          continue;
        }
        List<APIResource> list =
            result.computeIfAbsent(
                spec.getGroup() + "/" + version.getName(), k -> new ArrayList<>());
        list.add(
            new APIResourceBuilder()
                .withName(names.getPlural())
                .withSingularName(names.getSingular())
                .withKind(names.getKind())
                .withNamespaced("Namespaced".equals(spec.getScope()))
                .withShortNames(names.getShortNames())
                .withCategories(names.getCategories())
                .withVerbs(ALL_VERBS)
                .build());
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          list.add(
              new APIResourceBuilder()
                  .withName(names.getPlural() + "/status")
                  .withSingularName("")
                  .withKind(names.getKind())
                  .withNamespaced("Namespaced".equals(spec.getScope()))
                  .withVerbs("get", "patch", "update")
                  .build());
        }
      }
    }
    return result;
  }

  private List<APIGroup> groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (String gv : resourcesByGroupVersion().keySet()) {
      int slash = gv.indexOf('/');
      if (slash < 0) {
        continue; // the core group is listed under /api, not /apis
      }
      versionsByGroup
          .computeIfAbsent(gv.substring(0, slash), k -> new ArrayList<>())
          .add(gv.substring(slash + 1));
    }
    List<APIGroup> groups = new ArrayList<>();
    versionsByGroup.forEach(
        (group, versions) -> {
          List<GroupVersionForDiscovery> gvs = new ArrayList<>();
          for (String v : versions) {
            gvs.add(new GroupVersionForDiscovery(group + "/" + v, v));
          }
          groups.add(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(gvs)
                  .withPreferredVersion(gvs.get(0))
                  .build());
        });
    return groups;
  }

  /** The object stored at {@code path}, read straight from the store. */
  private Optional<JsonNode> stored(String path) {
    MockResponse response = delegate.dispatch(get(path));
    if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null) {
      return Optional.empty();
    }
    return Optional.of(Serialization.unmarshal(response.getBody().inputStream(), JsonNode.class));
  }

  private static RecordedRequest get(String path) {
    return new RecordedRequest(
        "HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer());
  }

  /** Reads the CRDs back from the store, so CRDs created or deleted at run time show up. */
  List<CustomResourceDefinition> crds() {
    MockResponse response = delegate.dispatch(get(CRD_PATH));
    if (response.code() != HttpURLConnection.HTTP_OK) {
      return List.of();
    }
    return Serialization.unmarshal(
            response.getBody().inputStream(), CustomResourceDefinitionList.class)
        .getItems();
  }

  /** The CRDs as stored, untyped: their schemas exactly as written. */
  private List<JsonNode> crdDocuments() {
    List<JsonNode> crds = new ArrayList<>();
    stored(CRD_PATH).ifPresent(list -> list.path("items").forEach(crds::add));
    return crds;
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  private static MockResponse notFound(String path) {
    Matcher m = OBJECT_PATH.matcher(path);
    if (!m.matches()) {
      return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "no " + path + " here");
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = group.isEmpty() ? m.group(3) : m.group(3) + "." + group;
    return json(
        HttpURLConnection.HTTP_NOT_FOUND,
        new StatusBuilder()
            .withStatus("Failure")
            .withReason("NotFound")
            .withCode(HttpURLConnection.HTTP_NOT_FOUND)
            .withMessage(resource + " \"" + m.group(4) + "\" not found")
            .withNewDetails()
            .withName(m.group(4))
            .withGroup(group)
            .withKind(m.group(3))
            .endDetails()
            .build());
  }

  private static MockResponse status(int code, String reason, String message) {
    return json(
        code,
        new StatusBuilder()
            .withStatus("Failure")
            .withReason(reason)
            .withCode(code)
            .withMessage(message)
            .build());
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }

  /**
   * The CRUD store sets no Content-Type. kubectl copes with that for objects, but states it
   * explicitly so every client decodes the body as JSON.
   */
  private static MockResponse withJsonContentType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  /** In the "all" category, which {@code kubectl get all} lists, as on a real server. */
  private static APIResource inAll(APIResource resource) {
    resource.setCategories(List.of("all"));
    return resource;
  }

  private static APIResource resource(
      String plural, String kind, boolean namespaced, List<String> shortNames) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(kind.toLowerCase(java.util.Locale.ROOT))
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames)
        .withVerbs(ALL_VERBS)
        .build();
  }
}
