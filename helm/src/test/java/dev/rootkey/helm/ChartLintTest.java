package dev.rootkey.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void helmLintInStrictModeReportsNoErrorsAndNoWarnings() {
    LintResult result = Chart.helm().lint().strict().call();

    assertThat(result.getMessages())
        .as("helm lint --strict messages")
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed())
        .as("helm lint --strict failed: %s", result.getMessages())
        .isFalse();
  }
}
