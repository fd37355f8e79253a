package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Label and field selectors matched against objects as the API server matches them. */
class SelectorsTest {

  private static final JsonNode EVENT =
      Serialization.unmarshal(
          """
          {"kind":"Event","metadata":{"name":"e1","labels":{"app":"billing","tier":"api"}},
           "involvedObject":{"kind":"RootKey","name":"billing-service","uid":"0000-0001"},
           "type":"Warning"}
          """,
          JsonNode.class);

  @Test
  void fieldSelectorsMatchNestedFieldsAndAnAbsentFieldIsEmpty() {
    assertThat(
            Selectors.fields(
                    "involvedObject.kind=RootKey,involvedObject.name=billing-service,"
                        + "involvedObject.uid=0000-0001")
                .test(EVENT))
        .isTrue();
    assertThat(Selectors.fields("involvedObject.name==other").test(EVENT)).isFalse();
    assertThat(Selectors.fields("type!=Normal").test(EVENT)).isTrue();
    assertThat(Selectors.fields("involvedObject.fieldPath=").test(EVENT)).isTrue();
    assertThat(Selectors.fields(null).test(EVENT)).isTrue();
  }

  @Test
  void labelSelectorsSupportEqualityExistenceAndSets() {
    assertThat(Selectors.labels("app=billing,tier").test(EVENT)).isTrue();
    assertThat(Selectors.labels("app in (billing, search),tier notin (db)").test(EVENT)).isTrue();
    assertThat(Selectors.labels("app!=billing").test(EVENT)).isFalse();
    assertThat(Selectors.labels("!tier").test(EVENT)).isFalse();
    assertThat(Selectors.labels("zone!=eu").test(EVENT)).isTrue();
  }

  @Test
  void anUnparsableSelectorIsRefused() {
    assertThatThrownBy(() -> Selectors.fields("involvedObject.name"))
        .isInstanceOf(Selectors.InvalidSelector.class);
    assertThatThrownBy(() -> Selectors.labels("app in billing"))
        .isInstanceOf(Selectors.InvalidSelector.class);
  }
}
