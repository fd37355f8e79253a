package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Says in one line which field of a part could not be read and why ("spec.permissions: expected a
 * list, found a string"), from our own words and the input's field names, escaped: never Jackson's
 * message, which quotes input over several lines.
 */
final class ReadProblem {

  private static final int MAX_PATH = 200;

  private ReadProblem() {}

  static String describe(String part, JsonNode raw, JsonProcessingException e) {
    StringBuilder path = new StringBuilder(part);
    JsonNode found = raw;
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference step : mapping.getPath()) {
        if (step.getFieldName() != null) {
          path.append('.').append(FieldNames.printable(step.getFieldName()));
          found = found == null ? null : found.get(step.getFieldName());
        } else if (step.getIndex() >= 0) {
          path.append('[').append(step.getIndex()).append(']');
          found = found == null ? null : found.get(step.getIndex());
        }
      }
    }
    String where = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path.toString();
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Class<?> target = mismatch.getTargetType();
      // A string that names no constant: saying "found a string" would only confuse.
      boolean wrongName = target.isEnum() && found != null && found.isTextual();
      return found == null || wrongName
          ? where + ": expected " + expected(target)
          : where + ": expected " + expected(target) + ", found " + found(found);
    }
    return where + ": cannot be read";
  }

  private static String expected(Class<?> type) {
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name())
              .collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "an object";
  }

  private static String found(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> node.asBoolean() ? "true" : "false";
      case NULL, MISSING -> "null";
    };
  }
}
