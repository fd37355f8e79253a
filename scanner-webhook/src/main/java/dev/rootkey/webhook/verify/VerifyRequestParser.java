package dev.rootkey.webhook.verify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the bodies of {@code POST /v2/keys.verifyKey} and {@code POST /v2/keys.whoami} as Unkey's
 * v2 API takes them.
 *
 * <p>{@code key} is a required string of 1 to 512 characters. For verifyKey, {@code permissions} is
 * optional: Unkey's query string ({@link PermissionQueryParser}), or our own extension, an array of
 * permissions that must all be granted; {@code tags}, {@code credits}, {@code ratelimits} and
 * {@code migrationId} are checked by {@link UnkeyOnlyFields}. Any other field is refused, as
 * Unkey's schema does: a field we do not know may be a check the caller believes is made. Messages
 * never quote the key.
 */
public final class VerifyRequestParser {

  private static final int MAX_KEY_LENGTH = 512;
  private static final String VERIFY_FIELDS =
      "key, permissions, tags, credits, ratelimits and migrationId";

  // Duplicate fields and trailing content would make the body mean different things to
  // different readers.
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** A verifyKey body. */
  public VerifyRequestParse parse(byte[] body) {
    return read(body, true);
  }

  /** A whoami body: the key and nothing else. */
  public VerifyRequestParse parseWhoami(byte[] body) {
    return read(body, false);
  }

  private VerifyRequestParse read(byte[] body, boolean verify) {
    try {
      JsonNode root = object(body);
      PermissionQuery permissions = PermissionQuery.NONE;
      for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        if (name.equals("key")) {
          continue;
        }
        if (!verify) {
          throw new MalformedBody(unknown(name, "keys.whoami", "key"));
        }
        VerifyRequestParse.Malformed malformed =
            switch (name) {
              case "permissions" -> {
                permissions = permissions(field.getValue());
                yield null;
              }
              case "tags", "credits", "ratelimits", "migrationId" ->
                  UnkeyOnlyFields.check(name, field.getValue());
              default -> unknown(name, "keys.verifyKey", VERIFY_FIELDS);
            };
        if (malformed != null) {
          throw new MalformedBody(malformed);
        }
      }
      return key(root, permissions);
    } catch (MalformedBody e) {
      return e.malformed;
    }
  }

  private JsonNode object(byte[] body) throws MalformedBody {
    if (body == null || body.length == 0) {
      throw new MalformedBody("body", "body is empty: send {\"key\": \"...\"}");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedBody("body", "body is not JSON" + at(e.getLocation()));
    } catch (IOException e) {
      throw new MalformedBody("body", "body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedBody("body", "body is not a JSON object");
    }
    return root;
  }

  private static VerifyRequestParse key(JsonNode root, PermissionQuery permissions) {
    JsonNode key = root.get("key");
    if (key == null || key.isNull()) {
      return VerifyRequestParse.Malformed.at("body.key", "key is missing");
    }
    if (!key.isTextual()) {
      return VerifyRequestParse.Malformed.at("body.key", "key is not a string");
    }
    if (key.textValue().isEmpty()) {
      return VerifyRequestParse.Malformed.at("body.key", "key is empty");
    }
    if (key.textValue().length() > MAX_KEY_LENGTH) {
      return VerifyRequestParse.Malformed.at(
          "body.key", "key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    return new VerifyRequestParse.Parsed(new VerifyRequest(key.textValue(), permissions));
  }

  private static PermissionQuery permissions(JsonNode permissions) throws MalformedBody {
    if (permissions.isNull()) {
      return PermissionQuery.NONE;
    }
    if (permissions.isTextual()) {
      try {
        return PermissionQueryParser.parse(permissions.textValue());
      } catch (MalformedPermissionQueryException e) {
        throw new MalformedBody(
            new VerifyRequestParse.Malformed(
                e.getMessage(), "body.permissions", e.shortMessage(), e.fix()));
      }
    }
    if (!permissions.isArray()) {
      throw new MalformedBody(
          "body.permissions",
          "permissions is neither a query string (\"a.read AND b.write\") nor an array of"
              + " permissions");
    }
    if (permissions.size() > PermissionQueryParser.MAX_NAMES) {
      throw new MalformedBody(
          "body.permissions",
          "permissions has more than " + PermissionQueryParser.MAX_NAMES + " names");
    }
    List<String> names = new ArrayList<>(permissions.size());
    for (int i = 0; i < permissions.size(); i++) {
      JsonNode permission = permissions.get(i);
      String location = "body.permissions[" + i + "]";
      if (!permission.isTextual()) {
        throw new MalformedBody(location, "permissions[" + i + "] is not a string");
      }
      if (!PermissionMatcher.isPermission(permission.textValue())) {
        throw new MalformedBody(
            location,
            "permissions["
                + i
                + "] is not a permission: use dot-separated segments of letters, digits, '_'"
                + " and '-', or '*' for a whole segment, e.g. api.payments.verify_key");
      }
      names.add(permission.textValue());
    }
    return PermissionQuery.allOf(names);
  }

  // A field name is quoted only when it is short and plain: a key pasted as a name stays out.
  private static VerifyRequestParse.Malformed unknown(String name, String operation, String known) {
    boolean plain = name.length() <= 32 && name.chars().allMatch(VerifyRequestParser::isPlain);
    String what = plain ? name + " is not a field" : "a field is not one";
    return VerifyRequestParse.Malformed.at(
        plain ? "body." + name : "body", what + " of " + operation + ": its fields are " + known);
  }

  private static boolean isPlain(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** A malformed body found deep in a read, carried to where the answer is made. */
  private static final class MalformedBody extends Exception {

    final VerifyRequestParse.Malformed malformed;

    MalformedBody(String location, String message) {
      this(VerifyRequestParse.Malformed.at(location, message));
    }

    MalformedBody(VerifyRequestParse.Malformed malformed) {
      super(malformed.message(), null, false, false);
      this.malformed = malformed;
    }
  }
}
