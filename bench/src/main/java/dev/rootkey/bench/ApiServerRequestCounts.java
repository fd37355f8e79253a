package dev.rootkey.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-apiserver's own count of the requests it served for some resources, from its {@code
 * apiserver_request_total} metric, by verb and resource ("PUT rootkeys/status"). A watch counts
 * once it ends.
 */
final class ApiServerRequestCounts {

  private static final String METRIC = "apiserver_request_total{";
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiServerRequestCounts() {}

  /**
   * The requests for {@code resources} (plural names): the server's own loopback requests for
   * others (endpoints, namespaces, flow control, its informers) are not a client's.
   */
  static RequestCounts parse(String metrics, Set<String> resources) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(METRIC)) {
        continue;
      }
      int close = line.lastIndexOf('}');
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(line.substring(METRIC.length(), close));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      if (!resources.contains(resource)) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String kind =
          labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
      // Counters print as floats ("1.5e+06" once large).
      long value = (long) Double.parseDouble(line.substring(close + 1).trim());
      counts.merge(kind, value, Long::sum);
    }
    return new RequestCounts(counts);
  }
}
