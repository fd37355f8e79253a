package dev.rootkey.bench;

import dev.rootkey.webhook.WebhookApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scanner-webhook with its operator and API server alone in a JVM (pinned to a core by whoever
 * starts it), with N RootKeys Ready: prints the verify and bare URLs, one verification request body
 * per key and then {@link #READY}; ends when stdin closes. The bodies go over the pipe to the
 * parent only: they are the benchmark's own keys and reach no log.
 */
public final class VerifyServerProcess {

  static final String VERIFY = "verify ";
  static final String BARE = "bare ";
  static final String BODY = "body ";
  static final String READY = "ready";

  private VerifyServerProcess() {}

  public static void main(String[] args) {
    ChildMain.run(() -> serve(args));
  }

  private static void serve(String[] args) throws Exception {
    int rootKeys = Integer.parseInt(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    WebhookBenchmark.withStack(
        benchmark -> {
          List<String> tokens = benchmark.readyTokens(rootKeys);
          out.println(VERIFY + benchmark.url(WebhookApp.VERIFY_KEY_PATH));
          out.println(BARE + benchmark.url(BenchWebhook.CONSTANT_PATH));
          for (String token : tokens) {
            out.println(BODY + new String(benchmark.verifyBody(token), StandardCharsets.UTF_8));
          }
          out.println(READY);
          BufferedReader in =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          while (in.readLine() != null) {
            // Nothing to do but serve until the parent closes stdin.
          }
          return null;
        });
  }
}
