package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ValidatingAdmissionPolicy that refuses to delete a delete-protected RootKey, rendered only
 * without the admission webhooks (which then refuse and record such deletions themselves).
 */
class DeleteProtectionPolicyTest {

  private static final String NAME = "rootkey-operator-delete-protection";
  private static final String ADMISSION_OFF = "webhook:\n  admission:\n    enabled: false\n";

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("oldObject", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  @Test
  void thePolicyMatchesOnlyTheDeletionOfRootKeysAndItsBindingDenies() {
    ValidatingAdmissionPolicy policy = policy();
    ValidatingAdmissionPolicyBinding binding =
        Chart.render(ADMISSION_OFF).one(ValidatingAdmissionPolicyBinding.class, NAME);

    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    NamedRuleWithOperations rule = policy.getSpec().getMatchConstraints().getResourceRules().get(0);
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).hasSize(1);
    assertThat(rule.getApiGroups()).containsExactly("rootkey.dev");
    assertThat(rule.getApiVersions()).containsExactly("v1alpha1");
    assertThat(rule.getOperations()).containsExactly("DELETE");
    assertThat(rule.getResources()).containsExactly("rootkeys");
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(NAME);
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
  }

  @Test
  void theExpressionRefusesToDeleteARootKeyWithDeleteProtectionAndAllowsTheRest() throws Exception {
    String expression = validation().getExpression();

    assertThat(expression).contains("oldObject.spec.deleteProtection");
    assertThat(eval(expression, rootKey(Map.of("deleteProtection", true)))).isEqualTo(false);
    assertThat(eval(expression, rootKey(Map.of("deleteProtection", false)))).isEqualTo(true);
    assertThat(eval(expression, rootKey(Map.of("permissions", List.of("api.*.verify_key")))))
        .isEqualTo(true);
    assertThat(eval(expression, Map.of("metadata", Map.of("name", "n", "namespace", "ns"))))
        .isEqualTo(true);
  }

  @Test
  void theRefusalNamesTheRootKeyAndSaysHowToDeleteIt() throws Exception {
    Validation validation = validation();

    assertThat(eval(validation.getMessageExpression(), rootKey(Map.of("deleteProtection", true))))
        .isEqualTo(
            "RootKey payments/billing-service has spec.deleteProtection: true;"
                + " set it to false before deleting");
    assertThat(validation.getMessage()).contains("set it to false before deleting");
    assertThat(validation.getReason()).isEqualTo("Forbidden");
  }

  @Test
  void withTheAdmissionWebhooksThereIsNoPolicySoThatTheAuditWebhookSeesEveryDeletion() {
    // Policies run before validating webhooks: a deletion the policy refused would go unrecorded.
    Chart.Rendered defaults = Chart.defaults();

    assertThat(defaults.all(ValidatingAdmissionPolicy.class)).isEmpty();
    assertThat(defaults.all(ValidatingAdmissionPolicyBinding.class)).isEmpty();
    assertThat(defaults.all(ValidatingWebhookConfiguration.class)).hasSize(1);
  }

  @Test
  void thePolicyCanBeSwitchedOff() {
    Chart.Rendered rendered =
        Chart.render(ADMISSION_OFF + "deleteProtection:\n  admissionPolicy:\n    enabled: false\n");

    assertThat(rendered.all(ValidatingAdmissionPolicy.class)).isEmpty();
    assertThat(rendered.all(ValidatingAdmissionPolicyBinding.class)).isEmpty();
    assertThat(rendered.all(ValidatingWebhookConfiguration.class)).isEmpty();
  }

  @Test
  void withPlainHttpAndNoWebhooksThePolicyRefusesDeletions() {
    Chart.Rendered rendered =
        Chart.render("webhook:\n  tls: {enabled: false}\n  admission: {enabled: false}\n");

    assertThat(rendered.all(ValidatingAdmissionPolicy.class)).hasSize(1);
  }

  private static ValidatingAdmissionPolicy policy() {
    return Chart.render(ADMISSION_OFF).one(ValidatingAdmissionPolicy.class, NAME);
  }

  private static Validation validation() {
    assertThat(policy().getSpec().getValidations()).hasSize(1);
    return policy().getSpec().getValidations().get(0);
  }

  private static Map<String, Object> rootKey(Map<String, Object> spec) {
    return Map.of(
        "apiVersion",
        "rootkey.dev/v1alpha1",
        "kind",
        "RootKey",
        "metadata",
        Map.of("name", "billing-service", "namespace", "payments"),
        "spec",
        spec);
  }

  private static Object eval(String expression, Map<String, Object> oldObject)
      throws CelValidationException, CelEvaluationException {
    CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
    return RUNTIME.createProgram(ast).eval(Map.of("oldObject", oldObject));
  }
}
