package dev.rootkey.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real operator against a test's in-process API server, started before each test and stopped
 * after it: a {@code @RegisterExtension} field of a class with {@code @EnableKubernetesMockClient},
 * whose client is set before this runs.
 */
final class OperatorPerTest implements BeforeEachCallback, AfterEachCallback {

  private final Supplier<KubernetesClient> client;
  private Operator operator;

  /** {@code client} is read when each test starts: the mock server sets it just before. */
  OperatorPerTest(Supplier<KubernetesClient> client) {
    this.client = client;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    operator = TestRootKeys.startOperator(client.get());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (operator != null) {
      operator.stop();
    }
  }
}
