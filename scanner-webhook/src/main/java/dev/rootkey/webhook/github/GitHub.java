package dev.rootkey.webhook.github;

import dev.rootkey.webhook.partner.AlertFormat;
import dev.rootkey.webhook.partner.SignatureHeaders;
import java.net.URI;
import java.util.Optional;

/** What is particular to GitHub's secret-scanning partner alerts: its keys, headers and format. */
public final class GitHub {

  /** Where GitHub lists the keys it signs its alerts with. */
  public static final URI KEYS_URL =
      URI.create("https://api.github.com/meta/public_keys/secret_scanning");

  /** Whose keys {@link #KEYS_URL} lists, for log lines. */
  public static final String KEYS_DESCRIPTION = "GitHub's secret-scanning public keys";

  public static final SignatureHeaders SIGNATURE_HEADERS =
      new SignatureHeaders("GitHub", "Github-Public-Key-Identifier", "Github-Public-Key-Signature");

  /** GitHub's secret-scanning alerts: {@code {token, type, url, source}}. */
  public static final AlertFormat ALERT_FORMAT = new AlertFormat("url", Optional.of("source"));

  private GitHub() {}
}
