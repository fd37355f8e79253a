package dev.rootkey.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurationSettingTest {

  @Test
  void wholeUnitsAsTheChartWritesThem() {
    assertThat(DurationSetting.parse("X", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationSetting.parse("X", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationSetting.parse("X", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationSetting.parse("X", "1h2m3s4ms")).isEqualTo(Duration.ofMillis(3_723_004));
    assertThat(DurationSetting.parse("X", " 15s ")).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void unsetOrBlankIsTheFallback() {
    assertThat(DurationSetting.read(Map.of(), "X", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(DurationSetting.read(Map.of("X", " "), "X", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(DurationSetting.read(Map.of("X", "2m"), "X", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anythingElseIsRefusedNamingTheVariableAndTheValue() {
    // Each of these a lenient parser reads as something near it: 2s, 2s, a day, or a number.
    for (String bad :
        new String[] {
          "2", "2 s", "s", "1d", "-2s", "2s5", "1.5s", "2us", "99999999999999999999h"
        }) {
      assertThatThrownBy(() -> DurationSetting.parse("LEASE_DURATION", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("LEASE_DURATION")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
