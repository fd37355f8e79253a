package dev.rootkey.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Open-loop HTTP load: one thread sends each request when its {@link ArrivalSchedule} says, without
 * waiting for earlier answers, and each latency is measured from when the request was due, not from
 * when it left: a server that stalls is charged for every request it held up (no coordinated
 * omission), including those the sending thread itself sent late.
 */
final class OpenLoopLoad {

  /** One run: the requests due, those not answered 200 in time, latencies in microseconds. */
  record Result(int perSecond, int sent, int failed, Percentiles latencyMicros) {}

  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final long UNANSWERED = -1;

  private final List<HttpClient> clients;

  /** Requests go round-robin over {@code clients}: one client's selector thread caps its rate. */
  OpenLoopLoad(List<HttpClient> clients) {
    this.clients = List.copyOf(clients);
  }

  /** Sends {@code request.apply(n)} for each n of the schedule and waits for all the answers. */
  Result run(IntFunction<HttpRequest> request, ArrivalSchedule schedule)
      throws InterruptedException {
    int count = schedule.count();
    long[] latencyMicros = new long[count];
    Arrays.fill(latencyMicros, UNANSWERED);
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(count);
    long start = System.nanoTime();
    for (int n = 0; n < count; n++) {
      long due = start + schedule.dueNanos(n);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int index = n;
      clients
          .get(n % clients.size())
          .sendAsync(request.apply(n), HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (response, error) -> {
                latencyMicros[index] = (System.nanoTime() - due) / 1_000;
                if (error != null || response.statusCode() != 200) {
                  failed.incrementAndGet();
                }
                answered.countDown();
              });
    }
    long[] samples = latencyMicros;
    int unanswered = 0;
    if (!answered.await(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
      // An overloaded server: what is still unanswered failed, and waited at least until now.
      long now = System.nanoTime();
      samples = latencyMicros.clone();
      for (int n = 0; n < count; n++) {
        if (samples[n] == UNANSWERED) {
          samples[n] = (now - start - schedule.dueNanos(n)) / 1_000;
          unanswered++;
        }
      }
    }
    return new Result(
        schedule.perSecond(), count, failed.get() + unanswered, Percentiles.of(samples));
  }
}
