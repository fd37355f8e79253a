package dev.rootkey.net;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one reading of IP addresses and CIDR blocks shared by the operator's validation of {@code
 * spec.allowedCidrs} and by verification, so an entry the operator accepts is exactly the block
 * verification matches.
 *
 * <p>Only plain notation is accepted: dotted-quad IPv4 without leading zeros (so {@code 010.0.0.0}
 * is never read as octal), standard IPv6 text (compressed, mixed {@code ::ffff:10.0.0.1}), and for
 * a block an explicit prefix length with no bits set after it. No masks, ranges, wildcards, zones
 * or {@code inet_aton} forms: each is a way for a person and the parser to disagree about which
 * addresses an allowlist admits.
 */
public final class Cidrs {

  private static final IPAddressStringParameters BLOCK = parameters(true);
  private static final IPAddressStringParameters ADDRESS = parameters(false);

  private Cidrs() {}

  /** The block a valid entry names; empty when {@link #problem} has something to say. */
  public static Optional<IPAddress> parseBlock(String cidr) {
    if (cidr == null) {
      return Optional.empty();
    }
    IPAddressString text = new IPAddressString(cidr.trim(), BLOCK);
    IPAddress block = text.getAddress();
    if (block == null || !text.isPrefixed() || !block.isPrefixBlock()) {
      return Optional.empty();
    }
    return Optional.of(block);
  }

  /** What is wrong with an entry, for a person, or empty when it is a valid CIDR block. */
  public static Optional<String> problem(String cidr) {
    if (cidr == null || cidr.isBlank()) {
      return Optional.of("is empty");
    }
    IPAddressString text = new IPAddressString(cidr.trim(), BLOCK);
    IPAddress address = text.getAddress();
    if (address == null) {
      return Optional.of("is not an IPv4 or IPv6 CIDR block such as 10.0.0.0/8 or 2001:db8::/32");
    }
    if (!text.isPrefixed()) {
      return Optional.of(
          "has no prefix length: write "
              + address.toCanonicalString()
              + (address.isIPv4() ? "/32" : "/128")
              + " for a single address");
    }
    if (!address.isPrefixBlock()) {
      return Optional.of(
          "has bits set after its prefix length: did you mean "
              + address.toPrefixBlock().toCanonicalString()
              + "?");
    }
    return Optional.empty();
  }

  /**
   * One address in plain notation, IPv4-mapped IPv6 turned into IPv4; {@code null} (not an empty
   * Optional, as it is read once per forwarded hop) when the text is not one.
   */
  public static IPAddress parseAddress(String address) {
    IPAddress parsed = new IPAddressString(address, ADDRESS).getAddress();
    return parsed == null ? null : normalize(parsed);
  }

  /** A socket's address, IPv4-mapped IPv6 turned into IPv4 and any IPv6 scope dropped. */
  public static IPAddress of(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return new IPv4Address(v4);
    }
    return normalize(new IPv6Address(address.getAddress()));
  }

  /** Whether a block holds an address; an IPv4 block never holds an IPv6 address or back. */
  public static boolean contains(IPAddress block, IPAddress address) {
    return block.getIPVersion() == address.getIPVersion() && block.contains(address);
  }

  // An IPv4 client reaching a dual-stack socket shows up as ::ffff:a.b.c.d; it is the same client,
  // so it must meet the IPv4 ranges people write.
  private static IPAddress normalize(IPAddress address) {
    if (address.isIPv6()) {
      IPv6Address v6 = address.toIPv6();
      if (v6.isIPv4Mapped()) {
        return v6.getEmbeddedIPv4Address();
      }
      return v6;
    }
    return address;
  }

  private static IPAddressStringParameters parameters(boolean prefixed) {
    IPAddressStringParameters.Builder builder =
        new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefixOnly(false)
            .allowMask(false)
            .allowPrefix(prefixed)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false);
    builder
        .getIPv4AddressParametersBuilder()
        .allowLeadingZeros(false)
        .allowPrefixesBeyondAddressSize(false)
        .allowBinary(false);
    builder
        .getIPv6AddressParametersBuilder()
        .allowZone(false)
        .allowBase85(false)
        .allowBinary(false)
        .allowPrefixesBeyondAddressSize(false);
    return builder.toParams();
  }
}
