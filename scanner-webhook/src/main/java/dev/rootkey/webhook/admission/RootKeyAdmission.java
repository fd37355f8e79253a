package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.audit.AuditRecord.Actor;
import dev.rootkey.webhook.audit.WebhookAudit;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes admission webhook for RootKeys: the API server asks it about every create, update
 * and delete, and it is the one place that knows who made each change. Registered with
 * failurePolicy Ignore, so when it is down changes go on unrecorded rather than blocked.
 *
 * <ul>
 *   <li>{@value #MUTATE_PATH} (mutating): stamps a new rotate request with its requester.
 *   <li>{@value #VALIDATE_PATH} (validating, after the schema has accepted the object): records
 *       creates, edits and deletes, refuses deletes of protected RootKeys, and warns of fields this
 *       version does not know or cannot read.
 * </ul>
 */
public final class RootKeyAdmission {

  public static final String MUTATE_PATH = "/admission/rootkeys/mutate";
  public static final String VALIDATE_PATH = "/admission/rootkeys/validate";

  /**
   * Deeper than any AdmissionReview of a RootKey nests once its managedFields are left out (the
   * spec's schema bounds the rest), far below what would exhaust a thread's stack.
   */
  static final int MAX_NESTING_DEPTH = 64;

  /**
   * How deep the API server itself decodes a custom resource (apimachinery's JSON depth limit), so
   * deep managedFields it stored are skipped here, not refused.
   */
  static final int MAX_SKIPPED_DEPTH = 10_000;

  private static final Logger log = LoggerFactory.getLogger(RootKeyAdmission.class);

  /**
   * Reads reviews as the API server sends them: JSON only (Fabric8's own reader would take YAML
   * too), through {@link ReviewTokens}, and RootKeys with fields this version does not know (a
   * newer CRD) read rather than refused, so their changes are still recorded.
   */
  private static final ObjectMapper REVIEWS = reviewMapper();

  private final WebhookAudit audit;
  private final RepeatedAsks repeats;

  public RootKeyAdmission(WebhookAudit audit, RepeatedAsks repeats) {
    this.audit = audit;
    this.repeats = repeats;
  }

  /**
   * One admission request with its RootKeys read.
   *
   * @param before the RootKey as stored (null for a create)
   * @param after the RootKey as it would be (null for a delete)
   */
  private record Review(AdmissionRequest request, RootKey before, RootKey after) {}

  public void mutate(Context ctx) {
    Review review = read(ctx);
    if (review == null) {
      return;
    }
    AdmissionRequest request = review.request();
    AdmissionResponse response = allowed(request);
    if (review.after() != null) {
      RequesterStamp.patch(review.before(), review.after(), username(request.getUserInfo()))
          .ifPresent(
              patch -> {
                response.setPatchType("JSONPatch");
                response.setPatch(base64Json(patch));
              });
    }
    reply(ctx, response);
  }

  public void validate(Context ctx) {
    Review review = read(ctx);
    if (review == null) {
      return;
    }
    AdmissionRequest request = review.request();
    // A dry run changes nothing, so there is nothing to record (sideEffects: NoneOnDryRun).
    boolean record = !Boolean.TRUE.equals(request.getDryRun());
    Actor actor = actor(request.getUserInfo());
    // The connection's peer: the API server's address, or a forger's, never a header.
    String caller = ctx.req().getRemoteAddr();
    AdmissionResponse response = allowed(request);
    switch (request.getOperation()) {
      case "CREATE" -> {
        if (record) {
          audit.rootKeyChange(
              AuditOperation.ROOTKEY_CREATED,
              review.after(),
              actor,
              caller,
              request.getUid(),
              List.of(),
              null);
        }
      }
      case "UPDATE" -> {
        List<String> fields = RootKeyEdits.changedFields(review.before(), review.after());
        if (record
            && !fields.isEmpty()
            && !repeats.isRepeat(
                RepeatedAsks.of(
                    caller,
                    AuditOperation.ROOTKEY_EDITED,
                    username(request.getUserInfo()),
                    review.before(),
                    review.after()))) {
          audit.rootKeyChange(
              AuditOperation.ROOTKEY_EDITED,
              review.after(),
              actor,
              caller,
              request.getUid(),
              fields,
              null);
        }
      }
      case "DELETE" -> {
        RootKey doomed = review.before();
        boolean protectedKey =
            doomed.getSpec() != null && Boolean.TRUE.equals(doomed.getSpec().getDeleteProtection());
        if (protectedKey) {
          response = refused(request, doomed);
        }
        AuditOperation outcome =
            protectedKey ? AuditOperation.ROOTKEY_DELETE_REFUSED : AuditOperation.ROOTKEY_DELETED;
        if (record
            && !repeats.isRepeat(
                RepeatedAsks.of(caller, outcome, username(request.getUserInfo()), doomed, null))) {
          audit.rootKeyChange(
              outcome,
              doomed,
              actor,
              caller,
              request.getUid(),
              List.of(),
              protectedKey ? "DeleteProtection" : null);
        }
      }
      default -> {
        // CONNECT is not registered; anything else is let through untouched.
      }
    }
    if (review.after() != null) {
      List<String> warnings = ReadWarnings.of(request.getObject(), review.after());
      if (!warnings.isEmpty()) {
        response.setWarnings(warnings);
      }
    }
    reply(ctx, response);
  }

  /**
   * The AdmissionReview's request and RootKeys, or null after answering 415 to anything but JSON
   * and 400 to anything that is not a review of a RootKey change, with one short warning.
   */
  private static Review read(Context ctx) {
    String contentType = ctx.contentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      log.warn("Refused an AdmissionReview that is not application/json");
      ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .json(Map.of("message", "Content-Type must be application/json"));
      return null;
    }
    // Read before parsing, outside the catch below: a body over the size or time limit is
    // answered 413 or 408 by the server, not taken for a malformed review.
    byte[] body = ctx.bodyAsBytes();
    try {
      AdmissionReview review =
          REVIEWS.readValue(
              new FilteringParserDelegate(
                  REVIEWS.createParser(body),
                  ReviewTokens.nestedAtMost(MAX_NESTING_DEPTH),
                  TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH,
                  true),
              AdmissionReview.class);
      AdmissionRequest request = review == null ? null : review.getRequest();
      if (request == null || request.getUid() == null || request.getOperation() == null) {
        throw new IllegalArgumentException("no request with a uid and an operation");
      }
      RootKey before = rootKey(request.getOldObject(), request.getNamespace());
      RootKey after = rootKey(request.getObject(), request.getNamespace());
      boolean complete =
          switch (request.getOperation()) {
            case "CREATE" -> after != null;
            case "UPDATE" -> before != null && after != null;
            case "DELETE" -> before != null;
            default -> true;
          };
      if (!complete) {
        throw new IllegalArgumentException(
            "a " + request.getOperation() + " request without the objects it needs");
      }
      return new Review(request, before, after);
    } catch (JacksonException e) {
      // Jackson's message can quote the body: the kind of problem is enough for the log.
      return malformed(ctx, "not JSON of that shape (" + e.getClass().getSimpleName() + ")");
    } catch (IOException | RuntimeException e) {
      return malformed(ctx, e.getMessage());
    }
  }

  private static Review malformed(Context ctx, String problem) {
    log.warn("Refused a malformed AdmissionReview: {}", problem);
    ctx.status(HttpStatus.BAD_REQUEST)
        .json(Map.of("message", "expected an admission.k8s.io/v1 AdmissionReview request"));
    return null;
  }

  private static ObjectMapper reviewMapper() {
    ObjectMapper mapper =
        Serialization.jsonMapper()
            .copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    // The parser's limit bounds what is skipped; ReviewTokens bounds what is read.
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_SKIPPED_DEPTH).build());
    return mapper;
  }

  private static AdmissionResponse allowed(AdmissionRequest request) {
    return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true).build();
  }

  private static AdmissionResponse refused(AdmissionRequest request, RootKey rootKey) {
    return new AdmissionResponseBuilder()
        .withUid(request.getUid())
        .withAllowed(false)
        .withStatus(
            new StatusBuilder()
                .withCode(HttpStatus.FORBIDDEN.getCode())
                .withReason("Forbidden")
                .withMessage(
                    "RootKey "
                        + rootKey.getMetadata().getName()
                        + " has spec.deleteProtection: true; set it to false before deleting it")
                .build())
        .build();
  }

  private static void reply(Context ctx, AdmissionResponse response) {
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withResponse(response)
            .build();
    ctx.contentType("application/json").result(Serialization.asJson(review));
  }

  /** The object as a RootKey, or null when there is none (the old object of a create). */
  private static RootKey rootKey(Object object, String namespace) {
    if (object == null) {
      return null;
    }
    RootKey rootKey;
    try {
      rootKey = REVIEWS.convertValue(object, RootKey.class);
    } catch (IllegalArgumentException e) {
      // Jackson's message quotes the values it could not read.
      throw new IllegalArgumentException(
          "an object that is not a RootKey ("
              + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName()
              + ")");
    }
    if (rootKey.getMetadata() == null || rootKey.getMetadata().getName() == null) {
      throw new IllegalArgumentException("an object without metadata.name");
    }
    if (rootKey.getMetadata().getNamespace() == null) {
      rootKey.getMetadata().setNamespace(namespace);
    }
    return rootKey;
  }

  private static String username(UserInfo user) {
    return user == null ? null : user.getUsername();
  }

  private static Actor actor(UserInfo user) {
    return user == null
        ? Actor.kubernetes(null)
        : Actor.kubernetes(user.getUsername(), user.getUid(), user.getGroups());
  }

  private static String base64Json(Object value) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              Serialization.jsonMapper()
                  .writeValueAsString(value)
                  .getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON Patch of maps and strings did not serialise", e);
    }
  }
}
