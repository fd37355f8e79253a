package dev.rootkey.webhook.partner;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves queued key-set documents or failures, the last one again once the queue runs out, and
 * counts the fetches; it can hold a fetch open until the test releases it.
 */
final class TestingPublicKeysFetcher implements PublicKeysFetcher {

  private final Deque<Object> answers = new ArrayDeque<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private Object last;

  TestingPublicKeysFetcher serving(String document) {
    synchronized (answers) {
      answers.add(document);
    }
    return this;
  }

  TestingPublicKeysFetcher failing(IOException failure) {
    synchronized (answers) {
      answers.add(failure);
    }
    return this;
  }

  /** Makes fetches wait until {@link #release} is called. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public String fetch() throws IOException, InterruptedException {
    fetches.incrementAndGet();
    gate.await();
    Object answer;
    synchronized (answers) {
      if (!answers.isEmpty()) {
        last = answers.poll();
      }
      answer = last;
    }
    if (answer instanceof IOException failure) {
      throw failure;
    }
    return (String) answer;
  }
}
