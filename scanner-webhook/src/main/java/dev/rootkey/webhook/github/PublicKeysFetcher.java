package dev.rootkey.webhook.github;

import java.io.IOException;

/** Fetches GitHub's secret-scanning key-set document, as text. */
@FunctionalInterface
public interface PublicKeysFetcher {

  String fetch() throws IOException, InterruptedException;
}
