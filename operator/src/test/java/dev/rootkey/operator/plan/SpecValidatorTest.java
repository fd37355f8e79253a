package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.RestartTarget;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
    assertThat(validator.specProblems(spec)).isEmpty();
  }

  @Test
  void permissionsAreRequiredAndMustBeWellFormed() {
    assertThat(validator.specProblems(new RootKeySpec()))
        .containsExactly(
            "spec.permissions must list at least one permission, e.g. api.*.verify_key");
    assertThat(validator.specProblems(spec("*"))).isEmpty();
    for (String bad : List.of("", "api.", ".api", "api..x", "api.*x", "api verify", "api/x")) {
      assertThat(validator.specProblems(spec("api.ok", bad)))
          .as(bad)
          .singleElement()
          .asString()
          .startsWith("spec.permissions[1] \"" + bad + "\" is not a permission");
    }
    assertThat(validator.specProblems(spec(new String[] {null}))).hasSize(1);
  }

  @Test
  void prefixSecretNameAndDataKeyAreChecked() {
    RootKeySpec spec = spec("api.*.verify_key");
    spec.setPrefix("Rk_");
    SecretTarget secret = new SecretTarget();
    secret.setName("Not_A_Name");
    secret.setKey("ROOT KEY");
    spec.setSecret(secret);

    assertThat(validator.specProblems(spec))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("spec.prefix \"Rk_\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.secret.name \"Not_A_Name\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.secret.key \"ROOT KEY\""));
  }

  @Test
  void rotationDurationsExpiryAndRestartTargetsAreChecked() {
    RootKeySpec spec = spec("api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setInterval("0s");
    rotation.setGracePeriod("an hour");
    rotation.setHistoryLimit(0);
    spec.setRotation(rotation);
    spec.setExpiresAt("next June");
    RestartTarget both = new RestartTarget();
    both.setKind(RestartTarget.Kind.Deployment);
    both.setName("api");
    both.setSelector(new LabelSelectorBuilder().addToMatchLabels("app", "api").build());
    spec.setRestartTargets(List.of(both, new RestartTarget()));

    assertThat(validator.specProblems(spec))
        .hasSize(6)
        .anySatisfy(p -> assertThat(p).startsWith("spec.rotation.interval \"0s\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.rotation.gracePeriod \"an hour\""))
        .anySatisfy(p -> assertThat(p).startsWith("spec.rotation.historyLimit 0"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.expiresAt \"next June\""))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("spec.restartTargets[0] must set exactly one of name and selector"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.restartTargets[1].kind"));
  }

  @Test
  void goDurationsAndRfc3339TimesAreAccepted() {
    RootKeySpec spec = spec("api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setInterval("1h30m");
    rotation.setGracePeriod("0s");
    spec.setRotation(rotation);
    spec.setExpiresAt("2027-06-01T00:00:00+02:00");
    assertThat(validator.specProblems(spec)).isEmpty();
    rotation.setInterval("720h");
    rotation.setGracePeriod("90s");
    spec.setExpiresAt("2027-06-01T00:00:00.5Z");
    assertThat(validator.specProblems(spec)).isEmpty();
  }

  @Test
  void durationsLongerThanTenYearsAreRefusedBeforeTheyCanOverflowAGraceEnd() {
    RootKeySpec spec = spec("api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    // More nanoseconds than a long holds, and a grace whose end is past Instant.MAX.
    rotation.setInterval("9999999999999h");
    rotation.setGracePeriod("2562047788015215h");
    spec.setRotation(rotation);
    assertThat(validator.specProblems(spec))
        .hasSize(2)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("spec.rotation.interval \"9999999999999h\"")
                    .endsWith("of at most 87600h (10 years)"))
        .anySatisfy(
            p -> assertThat(p).startsWith("spec.rotation.gracePeriod \"2562047788015215h\""));

    rotation.setInterval("87600h");
    rotation.setGracePeriod("87601h");
    assertThat(validator.specProblems(spec))
        .singleElement()
        .asString()
        .startsWith("spec.rotation.gracePeriod \"87601h\"");

    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("x")
            .addToAnnotations(RotationAnnotations.ROTATE_GRACE, "100000000h")
            .build());
    rootKey.setSpec(spec("api.*.verify_key"));
    assertThat(validator.problems(rootKey))
        .singleElement()
        .asString()
        .contains("rootkey.dev/rotate-grace \"100000000h\"");
  }

  @Test
  void maxGracePeriodAndIdleTimeoutReadAsDurationsAndMaxGracePeriodCoversTheGracePeriod() {
    RootKeySpec spec = spec("api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod("15m");
    rotation.setMaxGracePeriod("24h");
    rotation.setIdleTimeout("5m");
    spec.setRotation(rotation);
    assertThat(validator.specProblems(spec)).isEmpty();

    rotation.setMaxGracePeriod("87601h");
    rotation.setIdleTimeout("soon");
    assertThat(validator.specProblems(spec))
        .hasSize(2)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("spec.rotation.maxGracePeriod \"87601h\" is not a duration")
                    .endsWith("of at most 87600h (10 years)"))
        .anySatisfy(
            p -> assertThat(p).startsWith("spec.rotation.idleTimeout \"soon\" is not a positive"));

    rotation.setMaxGracePeriod("10m");
    rotation.setIdleTimeout("0s");
    assertThat(validator.specProblems(spec))
        .containsExactlyInAnyOrder(
            "spec.rotation.maxGracePeriod \"10m\" is shorter than spec.rotation.gracePeriod"
                + " \"15m\"; it must be at least as long",
            "spec.rotation.idleTimeout \"0s\" is not a positive duration such as 30s, 5m or 1h,"
                + " of at most 87600h (10 years)");

    // Against the default grace period, 1h, when the spec sets none.
    rotation.setGracePeriod(null);
    rotation.setMaxGracePeriod("30m");
    rotation.setIdleTimeout(null);
    assertThat(validator.specProblems(spec))
        .containsExactly(
            "spec.rotation.maxGracePeriod \"30m\" is shorter than spec.rotation.gracePeriod"
                + " \"1h\"; it must be at least as long");
  }

  @Test
  void aBadRotateGraceAnnotationIsReported() {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("x")
            .addToAnnotations(RotationAnnotations.ROTATE_GRACE, "soon")
            .build());
    rootKey.setSpec(spec("api.*.verify_key"));
    assertThat(validator.problems(rootKey))
        .singleElement()
        .asString()
        .contains("rootkey.dev/rotate-grace \"soon\"");
  }

  @Test
  void thePreviousKeyEntryMustDifferFromTheKeyEntry() {
    RootKeySpec spec = spec("api.*.verify_key");
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("ROOT_KEY");
    spec.setSecret(secret);
    assertThat(validator.specProblems(spec))
        .containsExactly("spec.secret.previousKey must differ from spec.secret.key");
  }

  @Test
  void allowedCidrsTakeIpv4AndIpv6BlocksAndExplainEachBadEntry() {
    RootKeySpec spec = spec("api.*.verify_key");
    spec.setAllowedCidrs(List.of("10.0.0.0/8", "2001:db8::/32", "203.0.113.7/32"));
    assertThat(validator.specProblems(spec)).isEmpty();

    spec.setAllowedCidrs(
        Arrays.asList("10.0.0.0/8", "10.0.0.5", "10.0.0.1/8", "2001:db8::/129", "", null));
    assertThat(validator.specProblems(spec))
        .containsExactly(
            "spec.allowedCidrs[1] \"10.0.0.5\" has no prefix length: write 10.0.0.5/32 for a"
                + " single address",
            "spec.allowedCidrs[2] \"10.0.0.1/8\" has bits set after its prefix length: did you"
                + " mean 10.0.0.0/8?",
            "spec.allowedCidrs[3] \"2001:db8::/129\" is not an IPv4 or IPv6 CIDR block such as"
                + " 10.0.0.0/8 or 2001:db8::/32",
            "spec.allowedCidrs[4] \"\" is empty",
            "spec.allowedCidrs[5] \"null\" is empty");
  }

  @Test
  void anEmptyAllowedCidrsListIsValid() {
    RootKeySpec spec = spec("api.*.verify_key");
    spec.setAllowedCidrs(List.of());
    assertThat(validator.specProblems(spec)).isEmpty();
  }

  @Test
  void aMissingSpecIsReported() {
    assertThat(validator.specProblems(null)).containsExactly("spec is missing");
  }

  private static RootKeySpec spec(String... permissions) {
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(new ArrayList<>(Arrays.asList(permissions)));
    return spec;
  }
}
