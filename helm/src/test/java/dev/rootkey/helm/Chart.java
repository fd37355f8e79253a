package dev.rootkey.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The chart under test, rendered by real Helm (helm-java) and parsed into Kubernetes objects. */
final class Chart {

  static final Path DIRECTORY = Path.of("rootkey-operator");
  static final Path PRODUCTION_VALUES = Path.of("src/test/resources/production-values.yaml");
  static final String RELEASE = "rootkey-operator";
  static final String NAMESPACE = "rootkey-system";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

  private Chart() {}

  static Helm helm() {
    return new Helm(DIRECTORY);
  }

  /** The chart rendered with its default values. */
  static Rendered defaults() {
    return render("");
  }

  /** The chart rendered with the production-like values of the test resources. */
  static Rendered production() {
    return render(read(PRODUCTION_VALUES));
  }

  /** The chart rendered with these values (YAML) over the defaults; helm's error is thrown. */
  static Rendered render(String valuesYaml) {
    return CACHE.computeIfAbsent(valuesYaml, Chart::renderUncached);
  }

  private static Rendered renderUncached(String valuesYaml) {
    TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    if (!valuesYaml.isBlank()) {
      template = template.withValuesFile(writeTemporary(valuesYaml));
    }
    return Rendered.parse(template.call());
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeTemporary(String content) {
    try {
      Path file = Files.createTempFile("rootkey-values-", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest helm rendered, and every document of it as a typed Kubernetes object. */
  record Rendered(String manifest, List<HasMetadata> objects) {

    static Rendered parse(String manifest) {
      List<HasMetadata> objects = new ArrayList<>();
      for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
        if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
          continue;
        }
        objects.add(Objects.requireNonNull(Serialization.unmarshal(document, HasMetadata.class)));
      }
      return new Rendered(manifest, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type, Predicate<? super T> filter) {
      return all(type).stream().filter(filter).toList();
    }

    /** The one object of this type and name; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type, String name) {
      List<T> found = all(type, o -> o.getMetadata().getName().equals(name));
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one "
                + type.getSimpleName()
                + " "
                + name
                + ", found "
                + found.size()
                + " among "
                + names());
      }
      return found.get(0);
    }

    /** The pod template of the one Deployment named {@code deployment}. */
    PodSpec podSpec(String deployment) {
      return one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
    }

    List<String> names() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    Stream<HasMetadata> stream() {
      return objects.stream();
    }
  }
}
