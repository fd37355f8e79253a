package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.github.GitHub;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PartnerPublicKeysTest {

  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  private final TestingClock clock = new TestingClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final TestingPublicKeysFetcher fetcher = new TestingPublicKeysFetcher();
  private final PartnerPublicKeys keys =
      new PartnerPublicKeys(
          fetcher, new KeySetParser(), clock, TTL, INTERVAL, GitHub.KEYS_DESCRIPTION);

  private final TestingSigner first = TestingSigner.p256();
  private final TestingSigner rotated = TestingSigner.p256();

  @Test
  void theFirstLookupFetchesAndLaterOnesUseTheCachedSet() {
    fetcher.serving(first.keySetDocument("k1"));

    assertThat(keys.isLoaded()).isFalse();
    assertThat(keys.find("k1")).contains(first.publicKey());
    clock.advance(TTL.minusSeconds(1));
    assertThat(keys.find("k1")).contains(first.publicKey());

    assertThat(fetcher.fetches()).isEqualTo(1);
    assertThat(keys.isLoaded()).isTrue();
    assertThat(keys.refreshCounts()).isEqualTo(new RefreshCounts(1, 1, 0));
  }

  @Test
  void aSetOlderThanTheTtlIsFetchedAgain() {
    fetcher.serving(first.keySetDocument("k1")).serving(rotated.keySetDocument("k2"));
    keys.find("k1");

    clock.advance(TTL);

    assertThat(keys.find("k2")).contains(rotated.publicKey());
    assertThat(keys.find("k1")).isEmpty();
    assertThat(fetcher.fetches()).isEqualTo(2);
  }

  @Test
  void anUnknownIdentifierTriggersExactlyOneRefreshWhichFindsARotatedKey() {
    fetcher.serving(first.keySetDocument("k1")).serving(rotated.keySetDocument("k2"));
    keys.find("k1");
    clock.advance(INTERVAL);

    assertThat(keys.find("k2")).contains(rotated.publicKey());
    assertThat(fetcher.fetches()).isEqualTo(2);
  }

  @Test
  void anIdentifierStillUnknownAfterItsRefreshIsAbsentAndCostsOneFetch() {
    fetcher.serving(first.keySetDocument("k1"));
    keys.find("k1");
    clock.advance(INTERVAL);

    assertThat(keys.find("nope")).isEmpty();
    assertThat(fetcher.fetches()).isEqualTo(2);
  }

  @Test
  void furtherUnknownIdentifiersWithinTheIntervalDoNotFetchAgainButAfterItTheyDo() {
    fetcher.serving(first.keySetDocument("k1"));
    keys.find("k1");
    clock.advance(INTERVAL);
    keys.find("random-1");

    clock.advance(INTERVAL.minusSeconds(1));
    for (int i = 2; i < 100; i++) {
      assertThat(keys.find("random-" + i)).isEmpty();
    }
    assertThat(fetcher.fetches()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    keys.find("random-100");
    assertThat(fetcher.fetches()).isEqualTo(3);
  }

  @Test
  void anUnknownIdentifierRightAfterTheFirstFetchDoesNotFetchTwice() {
    fetcher.serving(first.keySetDocument("k1"));

    assertThat(keys.find("unknown")).isEmpty();
    assertThat(keys.find("unknown")).isEmpty();
    assertThat(fetcher.fetches()).isEqualTo(1);
  }

  @Test
  void identifiersAreMatchedAsOpaqueStrings() {
    fetcher.serving(first.keySetDocument("Ab12"));
    keys.find("Ab12");
    for (String lookalike : List.of("ab12", "AB12", " Ab12", "Ab12 ", "Ab1")) {
      clock.advance(INTERVAL);
      assertThat(keys.find(lookalike)).as(lookalike).isEmpty();
    }
  }

  @Test
  void concurrentLookupsOfAnUnknownIdentifierShareOneFetchAndAllSeeItsResult() throws Exception {
    fetcher.serving(first.keySetDocument("k1")).serving(rotated.keySetDocument("k2"));
    keys.find("k1");
    clock.advance(INTERVAL);
    fetcher.hold();

    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Thread> threads = new ArrayList<>();
    try {
      List<Future<Optional<PublicKey>>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  synchronized (threads) {
                    threads.add(Thread.currentThread());
                  }
                  return keys.find("k2");
                }));
      }
      // Release the fetch only once every caller is parked: one in the fetch, the rest waiting
      // for it. Callers that returned early instead would never park, and this would time out.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                synchronized (threads) {
                  return threads.size() == callers
                      && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
                }
              });
      fetcher.release();

      for (Future<Optional<PublicKey>> result : results) {
        assertThat(result.get()).contains(rotated.publicKey());
      }
    } finally {
      fetcher.release();
      pool.shutdownNow();
    }
    assertThat(fetcher.fetches()).isEqualTo(2);
    assertThat(keys.refreshCounts()).isEqualTo(new RefreshCounts(2, 2, 0));
  }

  @Test
  void aFailedRefreshKeepsTheLastGoodSet() {
    fetcher
        .serving(first.keySetDocument("k1"))
        .failing(new IOException("connection refused"))
        .serving("{\"public_keys\":[]}");
    keys.find("k1");

    clock.advance(TTL);
    assertThat(keys.find("k1")).contains(first.publicKey());
    clock.advance(INTERVAL);
    assertThat(keys.find("k1")).contains(first.publicKey());

    assertThat(fetcher.fetches()).isEqualTo(3);
    assertThat(keys.refreshCounts()).isEqualTo(new RefreshCounts(3, 1, 2));
  }

  @Test
  void whileTheSetIsStaleAndGitHubIsDownRetriesAreRateLimited() {
    fetcher.serving(first.keySetDocument("k1")).failing(new IOException("503"));
    keys.find("k1");
    clock.advance(TTL);

    for (int i = 0; i < 10; i++) {
      assertThat(keys.find("k1")).contains(first.publicKey());
    }
    assertThat(fetcher.fetches()).isEqualTo(2);
    clock.advance(INTERVAL);
    keys.find("k1");
    assertThat(fetcher.fetches()).isEqualTo(3);
  }

  @Test
  void withoutAnyGoodSetNothingIsFoundAndTheNextAttemptWaitsForTheInterval() {
    fetcher.failing(new IOException("unreachable")).serving(first.keySetDocument("k1"));

    assertThat(keys.find("k1")).isEmpty();
    assertThat(keys.isLoaded()).isFalse();
    assertThat(keys.find("k1")).isEmpty();
    assertThat(fetcher.fetches()).isEqualTo(1);

    clock.advance(INTERVAL);
    assertThat(keys.find("k1")).contains(first.publicKey());
    assertThat(keys.refreshCounts()).isEqualTo(new RefreshCounts(2, 1, 1));
  }

  @Test
  void anInterruptedFetchCountsAsFailedAndKeepsTheInterruptFlag() {
    PartnerPublicKeys interrupted =
        new PartnerPublicKeys(
            () -> {
              throw new InterruptedException();
            },
            new KeySetParser(),
            clock,
            TTL,
            INTERVAL,
            GitHub.KEYS_DESCRIPTION);
    try {
      assertThat(interrupted.find("k1")).isEmpty();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(interrupted.refreshCounts()).isEqualTo(new RefreshCounts(1, 0, 1));
    } finally {
      Thread.interrupted();
    }
  }
}
