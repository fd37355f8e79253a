package dev.rootkey.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One key operation: what happened to which RootKey and key, when, who did it and from where. The
 * shape is the documented audit schema {@value #SCHEMA}; a key appears only as its id and the first
 * characters of its SHA-256 hash, so a record cannot carry a plaintext key.
 *
 * @param details what else matters for the operation, e.g. the trigger and grace of a rotation
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schema", "time", "operation", "rootKey", "key", "actor", "source", "details"})
public record AuditRecord(
    String schema,
    String time,
    AuditOperation operation,
    RootKeyRef rootKey,
    KeyRef key,
    Actor actor,
    Source source,
    Map<String, Object> details) {

  /** Marks every record, so a log pipeline can pick audit lines out of the others. */
  public static final String SCHEMA = "rootkey.dev/audit/v1";

  public AuditRecord {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(rootKey, "rootKey");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(source, "source");
    details = details == null ? Map.of() : Collections.unmodifiableMap(details);
  }

  public static Builder builder(AuditOperation operation, Instant time, RootKeyRef rootKey) {
    return new Builder(operation, time, rootKey);
  }

  /** The RootKey a record is about. */
  public record RootKeyRef(String namespace, String name) {}

  /**
   * A key, as records name it.
   *
   * @param hashPrefix the first {@value #HASH_PREFIX_LENGTH} hex digits of the key's SHA-256,
   *     enough to find its record in the RootKey's status
   */
  public record KeyRef(String id, String hashPrefix) {

    public static final int HASH_PREFIX_LENGTH = 12;

    public static KeyRef of(String id, String sha256Hex) {
      String prefix =
          sha256Hex == null
              ? null
              : sha256Hex.substring(0, Math.min(HASH_PREFIX_LENGTH, sha256Hex.length()));
      return new KeyRef(id, prefix);
    }
  }

  /**
   * Who did it.
   *
   * @param type {@code user}, {@code serviceaccount}, {@code controller} (the operator acting on
   *     its own, e.g. a scheduled rotation) or {@code github} (a secret-scanning report)
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Actor(String type, String username, String uid, List<String> groups) {

    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public Actor {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A Kubernetes user or service account, as the API server authenticated it. */
    public static Actor kubernetes(String username, String uid, List<String> groups) {
      String type =
          username != null && username.startsWith(SERVICE_ACCOUNT_PREFIX)
              ? "serviceaccount"
              : "user";
      return new Actor(type, username, uid, groups);
    }

    /** A Kubernetes user known by name only, e.g. from the rotate-requested-by annotation. */
    public static Actor kubernetes(String username) {
      return kubernetes(username, null, List.of());
    }

    public static Actor controller(String name) {
      return new Actor("controller", name, null, List.of());
    }

    public static Actor github(String reporter) {
      return new Actor("github", reporter, null, List.of());
    }
  }

  /**
   * Where it happened.
   *
   * @param service the service that wrote the record
   * @param host the pod (host name) it runs in
   * @param remoteAddress the network peer that asked, when there is one (GitHub's address)
   * @param requestUid the API server's admission request uid, to match Kubernetes' own audit log
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Source(String service, String host, String remoteAddress, String requestUid) {

    public static Source of(String service, String host) {
      return new Source(service, host, null, null);
    }

    /** The service running here: in a pod, the host name is the pod's name. */
    public static Source thisHost(String service) {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = System.getenv("HOSTNAME");
      }
      return of(service, host);
    }

    public Source withRemoteAddress(String address) {
      return new Source(service, host, address, requestUid);
    }

    public Source withRequestUid(String uid) {
      return new Source(service, host, remoteAddress, uid);
    }
  }

  /** Builds a record; details keep the order they are added in. */
  public static final class Builder {
    private final AuditOperation operation;
    private final Instant time;
    private final RootKeyRef rootKey;
    private KeyRef key;
    private Actor actor;
    private Source source;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private Builder(AuditOperation operation, Instant time, RootKeyRef rootKey) {
      this.operation = operation;
      this.time = time;
      this.rootKey = rootKey;
    }

    public Builder key(String id, String sha256Hex) {
      this.key = KeyRef.of(id, sha256Hex);
      return this;
    }

    public Builder actor(Actor actor) {
      this.actor = actor;
      return this;
    }

    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /** Adds a detail; null values are left out. */
    public Builder detail(String name, Object value) {
      if (value != null) {
        details.put(name, value);
      }
      return this;
    }

    public AuditRecord build() {
      return new AuditRecord(
          SCHEMA, time.toString(), operation, rootKey, key, actor, source, details);
    }
  }
}
