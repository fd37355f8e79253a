package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The harness itself, against a control server on real sockets: what it sends and how it times. */
class OpenLoopLoadTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ArrivalSchedule TWO_THOUSAND_FOR_A_SECOND =
      new ArrivalSchedule(2_000, Duration.ofSeconds(1));

  @Test
  void sendsEveryRequestDueOverItsPoolOfKeptAliveConnections() throws Exception {
    try (ControlHttpServer server = ControlHttpServer.answeringAtOnce();
        OpenLoopLoad load = new OpenLoopLoad(server.url(), 8, TIMEOUT)) {
      OpenLoopLoad.Result run = load.run(requests(server), TWO_THOUSAND_FOR_A_SECOND);

      assertThat(run.sent()).isEqualTo(2_000);
      assertThat(run.failed()).isZero();
      assertThat(server.requestsAnswered()).isEqualTo(2_000);
      assertThat(run.latencyMicros().count()).isEqualTo(2_000);
      // How late the harness sent each request is reported, for every request it sent.
      assertThat(run.latenessMicros().count()).isEqualTo(2_000);
      assertThat(run.latenessMicros().p50()).isNotNegative();
      // However many requests are in flight, never more connections than the pool holds.
      assertThat(server.connectionsAccepted()).isBetween(1, 8);
      assertThat(run.connectionsOpened()).isEqualTo(server.connectionsAccepted());
    }
  }

  @Test
  void keepsItsConnectionsFromRunToRun() throws Exception {
    try (ControlHttpServer server = ControlHttpServer.answeringAtOnce();
        OpenLoopLoad load = new OpenLoopLoad(server.url(), 8, TIMEOUT)) {
      load.run(requests(server), TWO_THOUSAND_FOR_A_SECOND);
      int opened = server.connectionsAccepted();

      OpenLoopLoad.Result again = load.run(requests(server), TWO_THOUSAND_FOR_A_SECOND);

      assertThat(again.failed()).isZero();
      assertThat(again.connectionsOpened()).isZero();
      assertThat(server.connectionsAccepted()).isEqualTo(opened);
      assertThat(server.requestsAnswered()).isEqualTo(4_000);
    }
  }

  @Test
  void chargesEveryRequestAStallHeldUpFromWhenItWasDue() throws Exception {
    // The server answers nothing for 200 ms from its first request on, so no answer comes before
    // 200 ms after the run's start: a request due d into the run took at least 200 ms - d. The
    // 21 due in the first 10 ms (2,000 a second) took at least 190 ms, enough to make the p99.
    try (ControlHttpServer server = ControlHttpServer.stallingOnceFor(Duration.ofMillis(200));
        OpenLoopLoad load = new OpenLoopLoad(server.url(), 4, TIMEOUT)) {
      OpenLoopLoad.Result run = load.run(requests(server), TWO_THOUSAND_FOR_A_SECOND);

      assertThat(run.failed()).isZero();
      assertThat(run.latencyMicros().max()).isGreaterThanOrEqualTo(200_000);
      assertThat(run.latencyMicros().p99()).isGreaterThanOrEqualTo(190_000);
      // The four connections held the first four requests through the stall; the next 396, due
      // before it ended, were sent only once one came free, and are charged from their due instant.
      assertThat(run.waitedForConnection()).isGreaterThanOrEqualTo(396);
    }
  }

  private static IntFunction<byte[]> requests(ControlHttpServer server) {
    byte[] request =
        KeepAliveConnection.post(
            server.url(),
            "application/json",
            "{\"key\":\"rk_control\"}".getBytes(StandardCharsets.UTF_8));
    return n -> request;
  }
}
