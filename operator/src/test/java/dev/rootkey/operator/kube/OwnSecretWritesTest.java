package dev.rootkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class OwnSecretWritesTest {

  private final OwnSecretWrites own = new OwnSecretWrites();

  @Test
  void theCreationWeAreMakingIsSkippedOnceEvenBeforeTheResponse() {
    own.writing(secret("billing", "a2V5LTE="));

    Secret event = secret("billing", "a2V5LTE=");
    event.getMetadata().setResourceVersion("7");
    assertThat(own.adds().accept(event)).as("our own creation").isFalse();
    assertThat(own.adds().accept(event)).as("only once").isTrue();
  }

  @Test
  void aSecretHoldingSomethingElseIsSomeoneElsesChange() {
    Secret ours = secret("billing", "a2V5LTE=");
    own.writing(ours);

    Secret edited = secret("billing", "ZWRpdGVk");
    assertThat(own.updates().accept(edited, ours)).isTrue();
    Secret relabelled = secret("billing", "a2V5LTE=");
    relabelled.getMetadata().getLabels().put("team", "payments");
    assertThat(own.updates().accept(relabelled, ours)).isTrue();
  }

  @Test
  void aRefusedWriteIsForgotten() {
    Secret refused = secret("billing", "a2V5LTE=");
    own.writing(refused);
    own.failed(refused);

    assertThat(own.adds().accept(secret("billing", "a2V5LTE="))).isTrue();
  }

  @Test
  void writesAreToldApartBySecret() {
    own.writing(secret("billing", "a2V5LTE="));

    assertThat(own.adds().accept(secret("shipping", "a2V5LTE="))).isTrue();
  }

  private static Secret secret(String name, String rootKey) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("payments")
        .addToLabels("app.kubernetes.io/managed-by", "rootkey-operator")
        .endMetadata()
        .addToData("ROOT_KEY", rootKey)
        .build();
  }
}
