package dev.rootkey.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Objects written for another version of the API (a newer CRD, a rollback, a typo where no schema
 * prunes it) are read by every reader, with the client's mapper and with a plain strict one.
 */
class ReadingOtherVersionsTest {

  private static final KubernetesSerialization CLIENT = new KubernetesSerialization();

  /** Jackson's defaults: fails on unknown properties unless the type says otherwise. */
  private static final ObjectMapper STRICT = new ObjectMapper();

  @Test
  void everyApiTypeReadsAnObjectWithAFieldItDoesNotKnow() throws Exception {
    Set<Class<?>> types = apiTypes();
    assertThat(types)
        .as("the walk reaches the nested types")
        .contains(RootKey.class, KeyLeak.class, RootKeySpec.class, RotationSpec.class)
        .contains(KeyRecord.class, IssuanceInProgress.class, RestartTarget.class);
    for (Class<?> type : types) {
      String json = "{\"fieldFromANewerVersion\": {\"nested\": [1, 2]}, \"x\": 1}";
      assertThatCode(() -> STRICT.readValue(json, type))
          .as("%s with a field it does not know", type.getSimpleName())
          .doesNotThrowAnyException();
      assertThatCode(() -> CLIENT.unmarshal(json, type))
          .as("%s with a field it does not know, by the client", type.getSimpleName())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aRootKeyWithATypoIsReadWithoutTheUnknownField() {
    RootKey rootKey =
        CLIENT.unmarshal(
            "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\","
                + "\"metadata\":{\"name\":\"typo\",\"namespace\":\"payments\"},"
                + "\"spec\":{\"permissions\":[\"api.*.verify_key\"],\"rotaton\":{\"interval\":\"1h\"}}}",
            RootKey.class);
    assertThat(rootKey.getSpec().getPermissions()).containsExactly("api.*.verify_key");
    assertThat(rootKey.getSpec().getRotation()).isNull();
    assertThat(Unreadable.problemOf(rootKey)).isEmpty();
  }

  @Test
  void aSpecOfTheWrongShapeIsKeptAsItCameAndSaysWhichField() {
    String json =
        "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\","
            + "\"metadata\":{\"name\":\"mistyped\",\"namespace\":\"payments\"},"
            + "\"spec\":{\"permissions\":\"not-a-list\"},"
            + "\"status\":{\"currentKeyId\":\"k1\"}}";
    RootKey rootKey = CLIENT.unmarshal(json, RootKey.class);

    assertThat(rootKey.getMetadata().getName()).isEqualTo("mistyped");
    assertThat(rootKey.getSpec()).isInstanceOf(Unreadable.class);
    assertThat(Unreadable.problemOf(rootKey))
        .contains("spec.permissions: expected a list, found a string");
    assertThat(rootKey.getStatus().getCurrentKeyId()).isEqualTo("k1");
    // Written back and copied unchanged: a status write never loses what it could not read.
    assertThat(CLIENT.convertValue(rootKey, JsonNode.class).get("spec"))
        .isEqualTo(CLIENT.unmarshal(json, JsonNode.class).get("spec"));
    assertThat(Unreadable.problemOf(CLIENT.clone(rootKey)))
        .isEqualTo(Unreadable.problemOf(rootKey));
  }

  @Test
  void eachPartOfTheWrongShapeIsNamed() {
    assertThat(problem("{\"spec\":{\"permissions\":[\"a\"],\"rotation\":5}}"))
        .isEqualTo("spec.rotation: expected an object, found a number");
    assertThat(problem("{\"spec\":{\"permissions\":[\"a\"],\"leakPolicy\":\"Explode\"}}"))
        .isEqualTo("spec.leakPolicy: expected one of Revoke, Notify");
    assertThat(problem("{\"spec\":{\"permissions\":[\"a\"],\"rotation\":{\"historyLimit\":[]}}}"))
        .isEqualTo("spec.rotation.historyLimit: expected a number, found a list");
    assertThat(problem("{\"status\":{\"keys\":[{\"id\":\"k1\",\"state\":{}}]}}"))
        .startsWith("status.keys[0].state: expected one of Pending, Active");
    assertThat(problem("{\"status\":\"done\"}"))
        .isEqualTo("status: expected an object, found a string");
  }

  @Test
  void aFieldNameFromInputIsPrintedOnOneLine() {
    assertThat(problem("{\"spec\":{\"permissions\":[\"a\"],\"secret\":{\"labels\":{\"a\":{}}}}}"))
        .isEqualTo("spec.secret.labels.a: expected a string, found an object");
    String sneaky =
        problem(
            "{\"spec\":{\"permissions\":[\"a\"],\"secret\":{\"labels\":{\"x\\nERROR fake\":[]}}}}");
    assertThat(sneaky).doesNotContain("\n").contains("x\\u000aERROR\\u0020fake");
  }

  @Test
  void aListWithOneUnreadableRootKeyReadsTheOthers() {
    String list =
        "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKeyList\",\"metadata\":{},"
            + "\"items\":["
            + "{\"metadata\":{\"name\":\"good\"},\"spec\":{\"permissions\":[\"a\"]}},"
            + "{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"rotation\":5}},"
            + "{\"metadata\":{\"name\":\"newer\"},\"spec\":{\"permissions\":[\"a\"],\"quota\":3}}]}";
    // The type the informer lists RootKeys as.
    DefaultKubernetesResourceList<RootKey> read =
        CLIENT.unmarshal(
            new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
            new TypeReference<DefaultKubernetesResourceList<RootKey>>() {});
    assertThat(read.getItems())
        .extracting(r -> r.getMetadata().getName() + ":" + Unreadable.problemOf(r).isPresent())
        .containsExactly("good:false", "bad:true", "newer:false");
  }

  @Test
  void unknownFieldsAreThoseTheTypeDroppedWhenRead() {
    JsonNode raw =
        CLIENT.unmarshal(
            "{\"apiVersion\":\"rootkey.dev/v1alpha1\",\"kind\":\"RootKey\",\"metadata\":"
                + "{\"name\":\"n\",\"labels\":{\"team\":\"a\"}},\"spec\":{\"permissions\":[\"a\"],"
                + "\"rotaton\":{\"interval\":\"1h\"},\"secret\":{\"name\":\"s\",\"nmae\":\"t\"},"
                + "\"restartTargets\":[{\"kind\":\"Deployment\",\"name\":\"d\",\"namespace\":\"x\"}],"
                + "\"expiresAt\":null},\"extra\":true}",
            JsonNode.class);
    RootKey read = CLIENT.convertValue(raw, RootKey.class);
    assertThat(UnknownFields.between(raw, CLIENT.convertValue(read, JsonNode.class)))
        .containsExactly(
            "spec.rotaton", "spec.secret.nmae", "spec.restartTargets[0].namespace", "extra");
  }

  private static String problem(String json) {
    return Unreadable.problemOf(CLIENT.unmarshal(json, RootKey.class)).orElseThrow();
  }

  /** Every type Jackson reads for a custom resource of this package, by walking their fields. */
  private static Set<Class<?>> apiTypes() throws IOException, URISyntaxException {
    Set<Class<?>> found = new LinkedHashSet<>();
    Deque<JavaType> todo = new ArrayDeque<>();
    customResources().forEach(c -> todo.add(STRICT.constructType(c)));
    while (!todo.isEmpty()) {
      JavaType type = todo.pop();
      if (type.isContainerType()) {
        todo.add(type.getContentType());
        continue;
      }
      Class<?> raw = type.getRawClass();
      if (!raw.getPackageName().equals(RootKey.class.getPackageName())
          || raw.isEnum()
          || !found.add(raw)) {
        continue;
      }
      BeanDescription bean = STRICT.getDeserializationConfig().introspect(type);
      for (BeanPropertyDefinition property : bean.findProperties()) {
        if (property.hasSetter() || property.hasField()) {
          todo.add(property.getPrimaryType());
        }
      }
    }
    return found;
  }

  /** The custom resource classes of this package: a new kind is walked without being listed. */
  private static List<Class<?>> customResources() throws IOException, URISyntaxException {
    Path folder = Path.of(RootKey.class.getResource("RootKey.class").toURI()).getParent();
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> load(RootKey.class.getPackageName() + "." + n.replace(".class", "")))
          .filter(CustomResource.class::isAssignableFrom)
          .<Class<?>>map(c -> c)
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
