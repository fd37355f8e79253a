package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.UnknownFields;
import dev.rootkey.api.v1alpha1.Unreadable;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The admission warnings (kubectl prints them) about a RootKey this version reads only in part:
 * each field it does not know and so ignores, a typo where no schema prunes it or a field of a
 * newer CRD, and a spec it cannot read at all, which the operator then leaves as it is.
 */
final class ReadWarnings {

  private ReadWarnings() {}

  /**
   * @param object the RootKey as the API server sent it
   * @param read the same RootKey as this version read it
   */
  static List<String> of(Object object, RootKey read) {
    ObjectMapper json = Serialization.jsonMapper();
    List<String> warnings = new ArrayList<>();
    for (String field : UnknownFields.between(json.valueToTree(object), json.valueToTree(read))) {
      warnings.add("unknown field \"" + field + "\" (rootkey-operator ignores it)");
    }
    Unreadable.problemOf(read)
        .ifPresent(
            problem ->
                warnings.add(
                    problem
                        + " (rootkey-operator cannot read this RootKey and leaves it as it is)"));
    return warnings;
  }
}
