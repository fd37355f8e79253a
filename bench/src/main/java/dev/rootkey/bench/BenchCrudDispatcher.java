package dev.rootkey.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process API server's CRUD dispatcher with what the benchmarks observe of it: the requests
 * it serves by verb and resource (they explain where a side's time goes), and when it stored each
 * RootKey Ready.
 */
final class BenchCrudDispatcher extends NameIndexedCrudDispatcher {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final ReadyTimes readyTimes = new ReadyTimes();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    counts.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
    return super.dispatch(request);
  }

  @Override
  protected void stored(GenericKubernetesResource resource) {
    readyTimes.stored(resource);
  }

  ReadyTimes readyTimes() {
    return readyTimes;
  }

  /** Counts so far, by "VERB resource[/subresource]" (e.g. "PUT rootkeys/status"). */
  Map<String, Long> counts() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((kind, count) -> sorted.put(kind, count.sum()));
    return sorted;
  }

  private static String kind(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String verb = request.getMethod();
    if (query >= 0) {
      if (path.indexOf("watch=true", query) >= 0) {
        verb = "WATCH";
      }
      path = path.substring(0, query);
    }
    // /api/v1/namespaces/ns/secrets/name or /apis/group/version/namespaces/ns/plural/name/status
    String[] parts = path.split("/");
    int start = parts.length > 1 && parts[1].equals("api") ? 3 : 4;
    if (parts.length > start + 1 && parts[start].equals("namespaces")) {
      start += 2;
    }
    if (parts.length <= start) {
      return verb + " " + path;
    }
    String resource = parts[start];
    boolean named = parts.length > start + 1;
    String subresource = parts.length > start + 2 ? "/" + parts[start + 2] : "";
    if (verb.equals("GET") && !named) {
      verb = "LIST";
    }
    return verb + " " + resource + subresource;
  }
}
