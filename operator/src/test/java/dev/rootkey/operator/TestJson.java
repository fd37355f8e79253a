package dev.rootkey.operator;

import io.fabric8.kubernetes.client.utils.Serialization;

/** JSON as the API server would store it, for searching test objects. */
public final class TestJson {

  private TestJson() {}

  public static String json(Object value) {
    return Serialization.asJson(value);
  }
}
