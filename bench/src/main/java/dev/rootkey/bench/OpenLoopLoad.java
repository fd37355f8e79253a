package dev.rootkey.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Open-loop HTTP load over a fixed pool of persistent HTTP/1.1 connections, as a client fleet's
 * bounded pools send it: each connection has a thread that takes the next request of the {@link
 * ArrivalSchedule}, waits until it is due, sends it and reads the answer; a request due while every
 * connection waits for an answer is sent by the first one freed. Each latency runs from when the
 * request was due, not from when it left, so a server that stalls is charged for every request it
 * held up, including those that waited for a connection (no coordinated omission).
 */
final class OpenLoopLoad implements AutoCloseable {

  /**
   * One run: the requests due, those not answered 200 in time, latencies from the due instant;
   * {@code latenessMicros}, how late each request was sent; {@code waitedForConnection}, how many
   * were already due when a connection was free to take them (the rest were late only by this
   * harness's own timing); {@code connectionsOpened}, sockets opened during the run.
   */
  record Result(
      int perSecond,
      int sent,
      int failed,
      Percentiles latencyMicros,
      Percentiles latenessMicros,
      int waitedForConnection,
      int connectionsOpened) {}

  private static final Duration DRAIN = Duration.ofSeconds(30);

  /** How far ahead of the first request's due instant a run starts its connections' threads. */
  private static final Duration LEAD = Duration.ofMillis(50);

  private static final long UNANSWERED = -1;

  private final List<KeepAliveConnection> connections = new ArrayList<>();
  private final AtomicInteger opened = new AtomicInteger();

  /**
   * {@code connections} to {@code server}'s host and port, opened on first use and kept from run to
   * run; an answer not complete within {@code requestTimeout} fails its request.
   */
  OpenLoopLoad(URI server, int connections, Duration requestTimeout) {
    InetSocketAddress address = new InetSocketAddress(server.getHost(), server.getPort());
    for (int i = 0; i < connections; i++) {
      this.connections.add(
          new KeepAliveConnection(address, Math.toIntExact(requestTimeout.toMillis()), opened));
    }
  }

  /**
   * Sends {@code request.apply(n)} (a whole HTTP/1.1 request, {@link KeepAliveConnection#post}) for
   * each n of the schedule and waits for all the answers, at most {@link #DRAIN} after the last was
   * due.
   */
  Result run(IntFunction<byte[]> request, ArrivalSchedule schedule) throws InterruptedException {
    Run run = new Run(request, schedule, opened.get());
    CountDownLatch done = new CountDownLatch(connections.size());
    for (int i = 0; i < connections.size(); i++) {
      KeepAliveConnection connection = connections.get(i);
      Thread sender =
          new Thread(
              () -> {
                try {
                  run.sendOn(connection);
                } finally {
                  done.countDown();
                }
              },
              "open-loop-" + i);
      sender.setDaemon(true);
      sender.start();
    }
    long waitNanos = LEAD.plus(schedule.length()).plus(DRAIN).toNanos();
    if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) {
      // An overloaded server: stop taking requests and end the reads still waiting.
      run.stop();
      connections.forEach(KeepAliveConnection::abort);
      done.await();
    }
    return run.result(opened.get());
  }

  @Override
  public void close() {
    connections.forEach(KeepAliveConnection::close);
  }

  /** The state of one run, shared by its connections' threads. */
  private static final class Run {

    private final IntFunction<byte[]> request;
    private final ArrivalSchedule schedule;
    private final int openedBefore;

    /** The first request's due instant: the threads are up by then, not charged for starting. */
    private final long start = System.nanoTime() + LEAD.toNanos();

    private final long[] latencyMicros;
    private final long[] latenessMicros;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger waited = new AtomicInteger();
    private volatile boolean stopped;

    Run(IntFunction<byte[]> request, ArrivalSchedule schedule, int openedBefore) {
      this.request = request;
      this.schedule = schedule;
      this.openedBefore = openedBefore;
      latencyMicros = new long[schedule.count()];
      latenessMicros = new long[schedule.count()];
      Arrays.fill(latencyMicros, UNANSWERED);
      Arrays.fill(latenessMicros, UNANSWERED);
    }

    /** Takes the next request due until none is left (or the run is stopped), in order. */
    void sendOn(KeepAliveConnection connection) {
      for (int n = next.getAndIncrement(); n < latencyMicros.length; n = next.getAndIncrement()) {
        long due = start + schedule.dueNanos(n);
        long wait = due - System.nanoTime();
        if (wait < 0) {
          waited.incrementAndGet();
        }
        for (; wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        if (stopped) {
          return;
        }
        byte[] bytes = request.apply(n);
        latenessMicros[n] = (System.nanoTime() - due) / 1_000;
        boolean ok;
        try {
          ok = connection.exchange(bytes) == 200;
        } catch (IOException | RuntimeException noAnswer) {
          ok = false;
        }
        latencyMicros[n] = (System.nanoTime() - due) / 1_000;
        if (!ok) {
          failed.incrementAndGet();
        }
      }
    }

    void stop() {
      stopped = true;
    }

    /** Read after every connection's thread ended; what is still unanswered failed now. */
    Result result(int openedAfter) {
      long now = System.nanoTime();
      int unanswered = 0;
      for (int n = 0; n < latencyMicros.length; n++) {
        if (latencyMicros[n] == UNANSWERED) {
          latencyMicros[n] = (now - start - schedule.dueNanos(n)) / 1_000;
          unanswered++;
        }
      }
      long[] lateness = Arrays.stream(latenessMicros).filter(late -> late != UNANSWERED).toArray();
      return new Result(
          schedule.perSecond(),
          latencyMicros.length,
          failed.get() + unanswered,
          Percentiles.of(latencyMicros),
          Percentiles.of(lateness.length == 0 ? new long[] {0} : lateness),
          waited.get(),
          openedAfter - openedBefore);
    }
  }
}
