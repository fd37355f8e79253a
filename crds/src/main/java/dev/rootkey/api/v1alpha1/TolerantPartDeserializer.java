package dev.rootkey.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;

/**
 * Reads a custom resource's spec or status into its type; one that does not fit becomes {@link
 * Unreadable} instead of failing the list or watch event it came in, which would stop the informer
 * and with it every other object of the kind.
 */
public final class TolerantPartDeserializer extends JsonDeserializer<Object>
    implements ContextualDeserializer {

  private final JavaType type;
  private final String part;

  /** For Jackson, which makes the contextual one for each property. */
  public TolerantPartDeserializer() {
    this(null, null);
  }

  private TolerantPartDeserializer(JavaType type, String part) {
    this.type = type;
    this.part = part;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
    return new TolerantPartDeserializer(property.getType(), property.getName());
  }

  /**
   * The part is copied as tokens, not as a tree: every watch event of every RootKey, KeyLeak and
   * KeyUsage passes here, and a tree's maps cost more to build than the part costs to read. The
   * tree is built only for a part that does not fit, to describe it.
   */
  @Override
  public Object deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
    TokenBuffer tokens = ctxt.bufferAsCopyOfValue(parser);
    try (JsonParser copy = tokens.asParserOnFirstToken()) {
      return ctxt.readValue(copy, type);
    } catch (JsonProcessingException e) {
      try (JsonParser again = tokens.asParserOnFirstToken()) {
        JsonNode raw = ctxt.readTree(again);
        return unreadable(raw, ReadProblem.describe(part, raw, e));
      }
    }
  }

  private Object unreadable(JsonNode raw, String problem) throws JsonProcessingException {
    Unreadable.Part part = new Unreadable.Part(raw, problem);
    Class<?> kind = type.getRawClass();
    if (kind == RootKeySpec.class) {
      return new UnreadableRootKeySpec(part);
    }
    if (kind == RootKeyStatus.class) {
      return new UnreadableRootKeyStatus(part);
    }
    if (kind == KeyLeakSpec.class) {
      return new UnreadableKeyLeakSpec(part);
    }
    if (kind == KeyLeakStatus.class) {
      return new UnreadableKeyLeakStatus(part);
    }
    if (kind == KeyUsageSpec.class) {
      return new UnreadableKeyUsageSpec(part);
    }
    throw new IllegalStateException("no Unreadable form of " + kind.getName());
  }
}
