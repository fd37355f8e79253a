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
import java.util.List;

/**
 * Reads a {@code POST /v2/keys.verifyKey} body: {@code {"key": "...", "permissions": ["..."]}}.
 *
 * <p>{@code key} is a required non-empty string; {@code permissions} is optional, and when present
 * an array of permissions (dot-separated segments, {@code *} for a whole segment). Unknown fields
 * are ignored, as Unkey's clients send more (tags, credits). Messages never quote the body, which
 * holds a key.
 */
public final class VerifyRequestParser {

  // Duplicate fields and trailing content would make the body mean different things to
  // different readers.
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public VerifyRequestParse parse(byte[] body) {
    if (body == null || body.length == 0) {
      return new VerifyRequestParse.Malformed("body is empty: send {\"key\": \"...\"}");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return new VerifyRequestParse.Malformed("body is not JSON" + at(e.getLocation()));
    } catch (IOException e) {
      return new VerifyRequestParse.Malformed("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new VerifyRequestParse.Malformed("body is not a JSON object");
    }
    JsonNode key = root.get("key");
    if (key == null || key.isNull()) {
      return new VerifyRequestParse.Malformed("key is missing");
    }
    if (!key.isTextual()) {
      return new VerifyRequestParse.Malformed("key is not a string");
    }
    if (key.textValue().isEmpty()) {
      return new VerifyRequestParse.Malformed("key is empty");
    }
    JsonNode permissions = root.get("permissions");
    List<String> requested = new ArrayList<>();
    if (permissions != null && !permissions.isNull()) {
      if (!permissions.isArray()) {
        return new VerifyRequestParse.Malformed("permissions is not an array of strings");
      }
      for (int i = 0; i < permissions.size(); i++) {
        JsonNode permission = permissions.get(i);
        if (!permission.isTextual()) {
          return new VerifyRequestParse.Malformed("permissions[" + i + "] is not a string");
        }
        if (!PermissionMatcher.isPermission(permission.textValue())) {
          return new VerifyRequestParse.Malformed(
              "permissions["
                  + i
                  + "] is not a permission: use dot-separated segments of letters, digits, '_'"
                  + " and '-', or '*' for a whole segment, e.g. api.payments.verify_key");
        }
        requested.add(permission.textValue());
      }
    }
    return new VerifyRequestParse.Parsed(new VerifyRequest(key.textValue(), requested));
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
