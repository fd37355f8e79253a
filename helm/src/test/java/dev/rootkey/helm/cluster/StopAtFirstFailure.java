package dev.rootkey.helm.cluster;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Skips the remaining steps of an ordered scenario once one has failed: each step builds on what
 * the previous ones left in the cluster, so later failures would only repeat the first one.
 */
final class StopAtFirstFailure implements TestWatcher, ExecutionCondition {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(StopAtFirstFailure.class);
  private static final String FAILED = "failed";

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    scenario(context).put(FAILED, context.getDisplayName());
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("the scenario itself");
    }
    return Optional.ofNullable(scenario(context).get(FAILED, String.class))
        .map(step -> ConditionEvaluationResult.disabled("an earlier step failed: " + step))
        .orElseGet(() -> ConditionEvaluationResult.enabled("every earlier step passed"));
  }

  /** The store of the test class, shared by all its steps. */
  private static ExtensionContext.Store scenario(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    return classContext.getStore(NAMESPACE);
  }
}
