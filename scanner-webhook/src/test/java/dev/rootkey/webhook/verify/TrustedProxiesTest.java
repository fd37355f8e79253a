package dev.rootkey.webhook.verify;

import static dev.rootkey.webhook.verify.KeyVerifierTest.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, fd00::/8");

  @Test
  void withoutTrustedProxiesTheCallerIsTheSocketPeerWhateverTheHeaderSays() {
    assertThat(TrustedProxies.none().resolve(address("10.1.1.1"), List.of("203.0.113.9")))
        .isEqualTo(caller("10.1.1.1"));
    assertThat(TrustedProxies.parse(" ").resolve(address("10.1.1.1"), List.of("203.0.113.9")))
        .isEqualTo(caller("10.1.1.1"));
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(proxies.resolve(address("198.51.100.7"), List.of("10.0.0.5")))
        .isEqualTo(caller("198.51.100.7"));
  }

  @Test
  void behindATrustedProxyTheCallerIsTheHopItReports() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("203.0.113.9")))
        .isEqualTo(caller("203.0.113.9"));
  }

  @Test
  void theFirstUntrustedHopFromTheRightIsTheCallerNotWhatTheClientPrepended() {
    assertThat(
            proxies.resolve(
                address("10.0.0.2"), List.of("10.9.9.9, 192.0.2.1, 203.0.113.9, 10.0.0.3")))
        .isEqualTo(caller("203.0.113.9"));
  }

  @Test
  void severalHeaderLinesAreReadAsOneListInTheirOrder() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("192.0.2.1, 203.0.113.9", "10.0.0.3")))
        .isEqualTo(caller("203.0.113.9"));
  }

  @Test
  void whenEveryHopIsTrustedTheLeftmostIsTheCaller() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("10.5.5.5, 10.0.0.3")))
        .isEqualTo(caller("10.5.5.5"));
  }

  @Test
  void aTrustedPeerWithoutTheHeaderIsItselfTheCaller() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of())).isEqualTo(caller("10.0.0.2"));
    assertThat(proxies.resolve(address("10.0.0.2"), List.of(" "))).isEqualTo(caller("10.0.0.2"));
  }

  @Test
  void ipv6ProxiesAndHopsAndIpv4MappedPeersAreRead() {
    assertThat(proxies.resolve(address("fd00::2"), List.of("2001:db8::9, fd12::1")))
        .isEqualTo(caller("2001:db8::9"));
    assertThat(proxies.resolve(address("::ffff:10.0.0.2"), List.of("::ffff:203.0.113.9")))
        .isEqualTo(caller("203.0.113.9"));
  }

  @Test
  void hopsMayCarryAPort() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("203.0.113.9:51234")))
        .isEqualTo(caller("203.0.113.9"));
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("[2001:db8::9]:443")))
        .isEqualTo(caller("2001:db8::9"));
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("[2001:db8::9]")))
        .isEqualTo(caller("2001:db8::9"));
  }

  @Test
  void anUnreadableHopOnThePathMakesTheCallerUnknown() {
    for (String header :
        List.of(
            "unknown",
            "_hidden, 10.0.0.3",
            "203.0.113.9,,10.0.0.3",
            "203.0.113.9:port",
            "[2001:db8::9",
            "example.com",
            "10.0.0.0/8")) {
      assertThat(proxies.resolve(address("10.0.0.2"), List.of(header)))
          .as(header)
          .isEqualTo(CallerAddress.unknown());
    }
  }

  @Test
  void anUnreadableEntryLeftOfTheCallerDoesNotMatter() {
    assertThat(proxies.resolve(address("10.0.0.2"), List.of("garbage, 203.0.113.9, 10.0.0.3")))
        .isEqualTo(caller("203.0.113.9"));
  }

  @Test
  void aBadTrustedProxiesSettingIsRefusedNamingEveryBadEntry() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8,10.0.0.1,proxy.local/24"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"10.0.0.1\" has no prefix length")
        .hasMessageContaining("\"proxy.local/24\" is not an IPv4 or IPv6 CIDR block");
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
