package dev.rootkey.webhook.partner;

import java.util.Optional;

/**
 * Where a host's leak report format puts the place a token was found, and what kind of place it is;
 * {@code token} and {@code type} are named the same by every host.
 *
 * @param placeField the field holding where the token was found
 * @param sourceField the field saying what kind of place that is, if the host sends one
 */
public record AlertFormat(String placeField, Optional<String> sourceField) {}
