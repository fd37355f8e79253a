package dev.rootkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;

/**
 * Watches served as kube-apiserver serves them, in place of the mock server's. A watch from a
 * resourceVersion gets the changes after it, not every stored object again: upstream replays each
 * matching object as ADDED on every watch, so an informer that has just listed 5,000 RootKeys
 * decodes them all a second time. Each event is the stored JSON wrapped once, and is sent from the
 * watch's own thread: upstream parses and re-serialises it for each watcher, inside the store's
 * write lock, so watchers slowed down every write.
 *
 * <p>Unlike kube-apiserver, a watch opened after a deletion it should report does not get it: the
 * store keeps no history. Nothing the benchmarks time deletes.
 */
final class ApiServerWatches {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BY_NAME = "metadata.name=";

  private final Set<Stream> streams = new CopyOnWriteArraySet<>();
  private final Map<AttributeSet, String> stored;
  private final Lock storeReadLock;

  /**
   * Watches of {@code stored}, whose writers hold the write lock of {@code storeReadLock} while
   * they change it and tell {@link #changed}.
   */
  ApiServerWatches(Map<AttributeSet, String> stored, Lock storeReadLock) {
    this.stored = stored;
    this.storeReadLock = storeReadLock;
  }

  /**
   * Answers a watch request for the objects matching {@code query} (from the request's path), from
   * the request's resourceVersion if it names one.
   */
  MockResponse open(String path, AttributeSet query) {
    String fields = queryParameter(path, "fieldSelector");
    if (fields != null && fields.startsWith(BY_NAME)) {
      String name = fields.substring(BY_NAME.length());
      query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, name));
    }
    String version = queryParameter(path, "resourceVersion");
    long after = version == null || version.isEmpty() ? 0 : Long.parseLong(version);
    return new MockResponse().withWebSocketUpgrade(new Stream(query, after));
  }

  /**
   * Tells the watches of one stored change; called under the store's write lock, with the old key
   * and state (null when created) and the new (null when deleted).
   */
  void changed(AttributeSet oldKey, String oldState, AttributeSet newKey, String newState) {
    for (Stream stream : streams) {
      boolean wasSeen = oldKey != null && oldKey.matches(stream.query);
      boolean isSeen = newKey != null && newKey.matches(stream.query);
      if (wasSeen && isSeen) {
        stream.send(Action.MODIFIED, newState);
      } else if (wasSeen) {
        stream.send(Action.DELETED, oldState);
      } else if (isSeen) {
        stream.send(Action.ADDED, newState);
      }
    }
  }

  private static String queryParameter(String path, String parameter) {
    int query = path.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : path.substring(query + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(parameter)) {
        return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static long resourceVersion(String json) {
    try {
      JsonNode version = JSON.readTree(json).path("metadata").path("resourceVersion");
      return version.isMissingNode() ? Long.MAX_VALUE : Long.parseLong(version.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One open watch: sends its events, in order, from a thread of its own. */
  private final class Stream extends WebSocketListener {

    private final AttributeSet query;
    private final long after;
    private final ExecutorService sender =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "api-server-watch");
              thread.setDaemon(true);
              return thread;
            });
    private volatile WebSocket socket;

    Stream(AttributeSet query, long after) {
      this.query = query;
      this.after = after;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      // Under the read lock no write lands between what this sends now and what it is told later.
      storeReadLock.lock();
      try {
        stored.forEach(
            (key, json) -> {
              if (key.matches(query) && resourceVersion(json) > after) {
                send(Action.ADDED, json);
              }
            });
        streams.add(this);
      } finally {
        storeReadLock.unlock();
      }
    }

    void send(Action action, String json) {
      String event = "{\"type\":\"" + action.name() + "\",\"object\":" + json + "}";
      try {
        sender.execute(() -> socket.send(event));
      } catch (RejectedExecutionException closed) {
        // The watch ended while this change was being stored: nobody is left to tell.
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
      end();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      end();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      end();
    }

    private void end() {
      streams.remove(this);
      sender.shutdown();
    }
  }
}
