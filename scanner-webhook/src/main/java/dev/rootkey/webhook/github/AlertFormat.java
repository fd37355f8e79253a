package dev.rootkey.webhook.github;

import java.util.Optional;

/**
 * Where a host's leak report format puts the place a token was found, and what kind of place it is;
 * {@code token} and {@code type} are named the same by every host.
 *
 * @param placeField the field holding where the token was found
 * @param sourceField the field saying what kind of place that is, if the host sends one
 */
public record AlertFormat(String placeField, Optional<String> sourceField) {

  /** GitHub's secret-scanning alerts: {@code {token, type, url, source}}. */
  public static final AlertFormat GITHUB = new AlertFormat("url", Optional.of("source"));

  /** GitLab's partner alerts: {@code {type, token, url}}. */
  public static final AlertFormat GITLAB = new AlertFormat("url", Optional.empty());

  /** GitLab's Token Revocation API requests: {@code {type, token, location}}. */
  public static final AlertFormat GITLAB_REVOCATION = new AlertFormat("location", Optional.empty());
}
