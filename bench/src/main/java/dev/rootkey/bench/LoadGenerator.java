package dev.rootkey.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load from a fixed number of client threads on one shared JDK HttpClient: each
 * thread sends its next request when the last one was answered, for a warm-up and then a timed
 * window whose requests are counted and timed.
 */
final class LoadGenerator {

  record Result(long requests, double requestsPerSecond, long p50Micros, long p99Micros) {}

  private final HttpClient client;
  private final int threads;

  LoadGenerator(HttpClient client, int threads) {
    this.client = client;
    this.threads = threads;
  }

  /** {@code request} makes the n-th request of a thread; answers other than 200 fail the run. */
  Result run(IntFunction<HttpRequest> request, Duration warmUp, Duration window) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      long measureFrom = start + warmUp.toNanos();
      long end = measureFrom + window.toNanos();
      AtomicLong failures = new AtomicLong();
      List<Future<long[]>> perThread = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 1_000_003;
        perThread.add(
            pool.submit(
                () -> {
                  long[] samples = new long[1 << 14];
                  int count = 0;
                  for (int n = offset; ; n++) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                      return Arrays.copyOf(samples, count);
                    }
                    HttpResponse<byte[]> response =
                        client.send(request.apply(n), HttpResponse.BodyHandlers.ofByteArray());
                    long answered = System.nanoTime();
                    if (response.statusCode() != 200) {
                      failures.incrementAndGet();
                    }
                    if (sent >= measureFrom && answered <= end) {
                      if (count == samples.length) {
                        samples = Arrays.copyOf(samples, count * 2);
                      }
                      samples[count++] = (answered - sent) / 1_000;
                    }
                  }
                }));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> future : perThread) {
        all.add(future.get());
      }
      if (failures.get() > 0) {
        throw new IllegalStateException(failures.get() + " requests not answered 200");
      }
      long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
      Percentiles percentiles = Percentiles.of(latencies);
      return new Result(
          latencies.length,
          latencies.length / (window.toNanos() / 1e9),
          percentiles.p50(),
          percentiles.p99());
    } finally {
      pool.shutdownNow();
    }
  }
}
