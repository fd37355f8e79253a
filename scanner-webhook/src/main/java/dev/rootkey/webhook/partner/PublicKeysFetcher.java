package dev.rootkey.webhook.partner;

import java.io.IOException;

/** Fetches a host's key-set document (GitHub's or GitLab's), as text. */
@FunctionalInterface
public interface PublicKeysFetcher {

  String fetch() throws IOException, InterruptedException;
}
