package dev.rootkey.webhook.verify;

import dev.rootkey.net.Cidrs;
import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the caller of a request that may have come through reverse proxies we trust ({@code
 * TRUSTED_PROXIES}, comma-separated CIDRs).
 *
 * <p>When the socket's peer is not a trusted proxy, the caller is the peer and {@code
 * X-Forwarded-For} is ignored: anyone can send that header. When it is, the header is read from the
 * right (each proxy appends the address it saw), trusted hops are skipped, and the first untrusted
 * hop is the caller; if every hop is trusted, the leftmost is. A trusted peer that sent no header
 * (or only blank ones) is itself the caller, as with nginx's realip. Entries may carry a port
 * ({@code 203.0.113.9:443}, {@code [2001:db8::9]:443}). Fail closed: an entry on the path that is
 * not an address ({@code unknown}, an obfuscated RFC 7239 identifier, an empty entry, garbage)
 * makes the caller unknown, which no allowlist admits, because the proxy that wrote it vouched for
 * nobody we can name.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(new IPAddress[0]);

  private final IPAddress[] blocks;

  private TrustedProxies(IPAddress[] blocks) {
    this.blocks = blocks;
  }

  /** No proxy is trusted: the caller is always the socket's peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts proxies in these CIDR blocks.
   *
   * @throws IllegalArgumentException naming every entry that is not a CIDR block
   */
  public static TrustedProxies of(List<String> cidrs) {
    List<IPAddress> blocks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String cidr : cidrs) {
      Cidrs.parseBlock(cidr).ifPresent(blocks::add);
      Cidrs.problem(cidr).ifPresent(p -> problems.add("\"" + cidr + "\" " + p));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("TRUSTED_PROXIES: " + String.join("; ", problems));
    }
    return new TrustedProxies(blocks.toArray(IPAddress[]::new));
  }

  /** Reads the {@code TRUSTED_PROXIES} value: comma-separated CIDR blocks; blank trusts none. */
  public static TrustedProxies parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return none();
    }
    return of(
        Arrays.stream(commaSeparated.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  /**
   * The caller of a request.
   *
   * @param peer the socket's remote address
   * @param forwardedFor every {@code X-Forwarded-For} header value, in the order received
   */
  public CallerAddress resolve(InetAddress peer, List<String> forwardedFor) {
    IPAddress socket = Cidrs.of(peer);
    if (!isTrusted(socket)) {
      return CallerAddress.of(socket);
    }
    IPAddress leftmostTrusted = socket;
    for (int v = forwardedFor.size() - 1; v >= 0; v--) {
      String value = forwardedFor.get(v);
      if (value == null || value.isBlank()) {
        continue;
      }
      String[] entries = value.split(",", -1);
      for (int e = entries.length - 1; e >= 0; e--) {
        IPAddress hop = parseHop(entries[e].trim());
        if (hop == null) {
          return CallerAddress.unknown();
        }
        if (!isTrusted(hop)) {
          return CallerAddress.of(hop);
        }
        leftmostTrusted = hop;
      }
    }
    return CallerAddress.of(leftmostTrusted);
  }

  private boolean isTrusted(IPAddress address) {
    for (IPAddress block : blocks) {
      if (Cidrs.contains(block, address)) {
        return true;
      }
    }
    return false;
  }

  private static IPAddress parseHop(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || !isPortSuffix(entry, close + 1)) {
        return null;
      }
      return Cidrs.parseAddress(entry.substring(1, close));
    }
    int colon = entry.indexOf(':');
    if (colon > 0 && colon == entry.lastIndexOf(':')) {
      // One colon: IPv4 with a port. IPv6 has at least two.
      return isPortSuffix(entry, colon) ? Cidrs.parseAddress(entry.substring(0, colon)) : null;
    }
    return Cidrs.parseAddress(entry);
  }

  // Nothing, or ':' and 1 to 5 digits.
  private static boolean isPortSuffix(String entry, int from) {
    if (from == entry.length()) {
      return true;
    }
    int digits = entry.length() - from - 1;
    if (entry.charAt(from) != ':' || digits < 1 || digits > 5) {
      return false;
    }
    for (int i = from + 1; i < entry.length(); i++) {
      if (entry.charAt(i) < '0' || entry.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
