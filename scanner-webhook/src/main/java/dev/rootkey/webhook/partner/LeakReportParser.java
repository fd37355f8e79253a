package dev.rootkey.webhook.partner;

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
import java.util.Optional;

/**
 * Reads a leak report body: a JSON array of {@code {token, type, url?, source?}} in GitHub's
 * format, or the same with the place under another name in other hosts' formats ({@link
 * AlertFormat}).
 *
 * <p>Call it only after the signature has been verified. A body that is not a JSON array, or an
 * element without a string {@code token} and {@code type}, rejects the whole request: GitHub never
 * sends one, so a signed body of that shape is a protocol error to report (400), not data to guess
 * at. Unknown fields are ignored, as the protocol requires. Messages number elements from 0, as
 * indexes into the array.
 */
public final class LeakReportParser {

  private final AlertFormat format;
  private final List<String> fields;

  // Duplicate fields and trailing content would make the body mean different things to
  // different readers; GitHub sends neither.
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public LeakReportParser(AlertFormat format) {
    this.format = format;
    List<String> names = new ArrayList<>(List.of("token", "type", format.placeField()));
    format.sourceField().ifPresent(names::add);
    this.fields = List.copyOf(names);
  }

  public AlertParse parse(byte[] body) {
    if (body.length == 0) {
      return new AlertParse.Malformed("body is empty");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return new AlertParse.Malformed("body is not JSON" + at(e.getLocation()));
    } catch (IOException e) {
      return new AlertParse.Malformed("body is not JSON");
    }
    if (root == null || !root.isArray()) {
      return new AlertParse.Malformed("body is not a JSON array");
    }
    List<ReportedToken> matches = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        return new AlertParse.Malformed("element " + i + " is not an object");
      }
      for (String field : fields) {
        JsonNode value = element.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
          return new AlertParse.Malformed("element " + i + ": " + field + " is not a string");
        }
      }
      Optional<String> token = text(element, "token");
      if (token.isEmpty()) {
        return new AlertParse.Malformed("element " + i + " has no token");
      }
      Optional<String> type = text(element, "type");
      if (type.isEmpty()) {
        return new AlertParse.Malformed("element " + i + " has no type");
      }
      matches.add(
          new ReportedToken(
              token.get(),
              type.get(),
              text(element, format.placeField()),
              format.sourceField().flatMap(field -> text(element, field))));
    }
    return new AlertParse.Parsed(matches);
  }

  private static Optional<String> text(JsonNode element, String field) {
    JsonNode value = element.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
