package dev.rootkey.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A snapshot of the requests an API server served, by "VERB resource". */
record RequestCounts(Map<String, Long> byKind) {

  /** What was served after {@code earlier}. */
  RequestCounts since(RequestCounts earlier) {
    Map<String, Long> diff = new TreeMap<>();
    byKind.forEach(
        (kind, count) -> {
          long more = count - earlier.byKind.getOrDefault(kind, 0L);
          if (more > 0) {
            diff.put(kind, more);
          }
        });
    return new RequestCounts(diff);
  }

  long total() {
    return byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return total()
        + " ("
        + byKind.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }
}
