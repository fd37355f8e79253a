package dev.rootkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class OwnStatusWritesTest {

  private final OwnStatusWrites own = new OwnStatusWrites();

  @Test
  void theEventOfOurOwnWriteDoesNotReconcileAndAnyoneElsesDoes() {
    RootKey ours = version("uid-1", "10");
    own.wrote(ours);

    assertThat(own.accept(version("uid-1", "11"), ours)).as("someone else's update").isTrue();
    assertThat(own.accept(version("uid-1", "10"), null)).as("our own write").isFalse();
    assertThat(own.accept(version("uid-1", "10"), null)).as("only once").isTrue();
  }

  @Test
  void versionsAreToldApartByRootKey() {
    own.wrote(version("uid-1", "10"));

    assertThat(own.accept(version("uid-2", "10"), null)).isTrue();
  }

  private static RootKey version(String uid, String resourceVersion) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .build());
    return rootKey;
  }
}
