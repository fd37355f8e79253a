package dev.rootkey.webhook.verify;

import dev.rootkey.net.Cidrs;
import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The address a verification request is judged by, or unknown when a forwarded hop could not be
 * read: an unknown caller is outside every allowlist.
 */
public final class CallerAddress {

  private static final CallerAddress UNKNOWN = new CallerAddress(null);

  private final IPAddress address;

  private CallerAddress(IPAddress address) {
    this.address = address;
  }

  /** A socket's address; IPv4-mapped IPv6 is read as the IPv4 address it carries. */
  public static CallerAddress of(InetAddress address) {
    return new CallerAddress(Cidrs.of(Objects.requireNonNull(address, "address")));
  }

  static CallerAddress of(IPAddress address) {
    return new CallerAddress(Objects.requireNonNull(address, "address"));
  }

  public static CallerAddress unknown() {
    return UNKNOWN;
  }

  public boolean isKnown() {
    return address != null;
  }

  /** The address as people write it, or {@code unknown}. */
  public String text() {
    return address == null ? "unknown" : address.toCanonicalString();
  }

  /** The address, or {@code null} when unknown. */
  IPAddress address() {
    return address;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallerAddress other && Objects.equals(address, other.address);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(address);
  }

  @Override
  public String toString() {
    return "CallerAddress[" + (address == null ? "unknown" : address.toCanonicalString()) + "]";
  }
}
