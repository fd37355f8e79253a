package dev.rootkey.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyUsageNameTest {

  private static final Pattern OBJECT_NAME = Pattern.compile(ApiPatterns.SECRET_NAME);

  @Test
  void aRootKeyAndAPodNameMakeTheReadableName() {
    assertThat(KeyUsage.nameFor("billing-service", "rootkey-webhook-5d9f7-x"))
        .isEqualTo("billing-service.rootkey-webhook-5d9f7-x");
  }

  @Test
  void aReplicaThatIsNoObjectNameGetsAStableHashedName() {
    String name = KeyUsage.nameFor("billing-service", "Build_Host");

    assertThat(name).matches("keyusage-[0-9a-f]{40}").matches(OBJECT_NAME);
    assertThat(KeyUsage.nameFor("billing-service", "Build_Host")).isEqualTo(name);
    assertThat(KeyUsage.nameFor("billing-service", "Build_Host2")).isNotEqualTo(name);
    assertThat(KeyUsage.nameFor("billing-other", "Build_Host")).isNotEqualTo(name);
  }

  @Test
  void aNameLongerThan253CharactersIsHashed() {
    String rootKey = "r".repeat(200);
    String replica = "w".repeat(60);

    assertThat(KeyUsage.nameFor(rootKey, replica)).matches("keyusage-[0-9a-f]{40}");
    assertThat(KeyUsage.nameFor("r".repeat(192), replica)).hasSize(253);
  }

  @Test
  void dotsCannotMakeTwoPairsShareAName() {
    assertThat(KeyUsage.nameFor("a.b", "c")).isEqualTo("a.b.c");
    assertThat(KeyUsage.nameFor("a", "b.c")).isNotEqualTo("a.b.c").matches("keyusage-[0-9a-f]{40}");
  }
}
