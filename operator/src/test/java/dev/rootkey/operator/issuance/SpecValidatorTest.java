package dev.rootkey.operator.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private final SpecValidator validator = new SpecValidator();

  @Test
  void aTypicalSpecIsValid() {
    RootKeySpec spec = spec("api.*.create_key", "api.*.verify_key", "ratelimit.read");
    spec.setPrefix("billing2");
    SecretTarget secret = new SecretTarget();
    secret.setName("billing-root-key.v1");
    secret.setKey("ROOT_KEY");
    spec.setSecret(secret);
    assertThat(validator.problems(spec)).isEmpty();
  }

  @Test
  void permissionsAreRequiredAndMustBeWellFormed() {
    assertThat(validator.problems(new RootKeySpec()))
        .containsExactly(
            "spec.permissions must list at least one permission, e.g. api.*.verify_key");
    assertThat(validator.problems(spec("*"))).isEmpty();
    for (String bad : List.of("", "api.", ".api", "api..x", "api.*x", "api verify", "api/x")) {
      assertThat(validator.problems(spec("api.ok", bad)))
          .as(bad)
          .singleElement()
          .asString()
          .startsWith("spec.permissions[1] \"" + bad + "\" is not a permission");
    }
    assertThat(validator.problems(spec(new String[] {null}))).hasSize(1);
  }

  @Test
  void prefixSecretNameAndDataKeyAreChecked() {
    RootKeySpec spec = spec("api.*.verify_key");
    spec.setPrefix("Rk_");
    SecretTarget secret = new SecretTarget();
    secret.setName("Not_A_Name");
    secret.setKey("ROOT KEY");
    spec.setSecret(secret);

    assertThat(validator.problems(spec))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("spec.prefix \"Rk_\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.secret.name \"Not_A_Name\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.secret.key \"ROOT KEY\""));
  }

  @Test
  void aMissingSpecIsReported() {
    assertThat(validator.problems(null)).containsExactly("spec is missing");
  }

  private static RootKeySpec spec(String... permissions) {
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(new ArrayList<>(Arrays.asList(permissions)));
    return spec;
  }
}
