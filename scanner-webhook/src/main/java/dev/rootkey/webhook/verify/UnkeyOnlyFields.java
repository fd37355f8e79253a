package dev.rootkey.webhook.verify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the fields of Unkey's verifyKey request that mean nothing for a RootKey, within Unkey's
 * own limits: {@code tags}, {@code credits}, {@code migrationId} are read and ignored, as Unkey's
 * answer for a key like ours would not change; {@code ratelimits} is refused unless empty, as
 * ignoring it would answer VALID to a caller that asked for a limit.
 *
 * <p>Why ignoring is Unkey's answer: tags only label analytics; credits are only deducted from a
 * key with a remaining-credits limit, which no RootKey has; a migration id is only consulted for a
 * key Unkey cannot find, and with no migration to consult Unkey answers NOT_FOUND, as we do.
 */
final class UnkeyOnlyFields {

  private static final int MAX_TAGS = 20;
  private static final int MAX_TAG_LENGTH = 512;
  private static final long MAX_CREDITS_COST = 1_000_000_000_000L;
  private static final int MAX_MIGRATION_ID_LENGTH = 256;

  private UnkeyOnlyFields() {}

  /** Why the field's value cannot be accepted, or {@code null} if it can (and is ignored). */
  static VerifyRequestParse.Malformed check(String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (field) {
      case "tags" -> tags(value);
      case "credits" -> credits(value);
      case "migrationId" ->
          value.isTextual() && value.textValue().length() <= MAX_MIGRATION_ID_LENGTH
              ? null
              : VerifyRequestParse.Malformed.at(
                  "body.migrationId",
                  "migrationId is not a string of at most "
                      + MAX_MIGRATION_ID_LENGTH
                      + " characters");
      case "ratelimits" -> ratelimits(value);
      default -> throw new IllegalArgumentException("not one of Unkey's fields: " + field);
    };
  }

  private static VerifyRequestParse.Malformed tags(JsonNode tags) {
    if (!tags.isArray()) {
      return VerifyRequestParse.Malformed.at("body.tags", "tags is not an array of strings");
    }
    if (tags.size() > MAX_TAGS) {
      return VerifyRequestParse.Malformed.at(
          "body.tags", "tags has more than " + MAX_TAGS + " items");
    }
    for (int i = 0; i < tags.size(); i++) {
      JsonNode tag = tags.get(i);
      String location = "body.tags[" + i + "]";
      if (!tag.isTextual()) {
        return VerifyRequestParse.Malformed.at(location, "tags[" + i + "] is not a string");
      }
      int length = tag.textValue().length();
      if (length == 0 || length > MAX_TAG_LENGTH) {
        return VerifyRequestParse.Malformed.at(
            location, "tags[" + i + "] is not 1 to " + MAX_TAG_LENGTH + " characters long");
      }
    }
    return null;
  }

  private static VerifyRequestParse.Malformed credits(JsonNode credits) {
    if (!credits.isObject()) {
      return VerifyRequestParse.Malformed.at(
          "body.credits", "credits is not an object like {\"cost\": 1}");
    }
    JsonNode cost = credits.get("cost");
    if (cost == null
        || !cost.isIntegralNumber()
        || !cost.canConvertToLong()
        || cost.longValue() < 0
        || cost.longValue() > MAX_CREDITS_COST) {
      return VerifyRequestParse.Malformed.at(
          "body.credits.cost", "credits.cost is not an integer from 0 to " + MAX_CREDITS_COST);
    }
    if (credits.size() != 1) {
      return VerifyRequestParse.Malformed.at("body.credits", "credits has fields other than cost");
    }
    return null;
  }

  private static VerifyRequestParse.Malformed ratelimits(JsonNode ratelimits) {
    if (!ratelimits.isArray()) {
      return VerifyRequestParse.Malformed.at("body.ratelimits", "ratelimits is not an array");
    }
    if (ratelimits.isEmpty()) {
      return null;
    }
    return new VerifyRequestParse.Malformed(
        "ratelimits cannot be checked: RootKeys have no rate limits, and answering without the"
            + " check would be a wrong answer",
        "body.ratelimits",
        "rate limits are not supported",
        "Leave ratelimits out and limit the rate where the key is used");
  }
}
