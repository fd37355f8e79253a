package dev.rootkey.net;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrsTest {

  @Test
  void plainIpv4AndIpv6BlocksAreAccepted() {
    for (String cidr :
        List.of("10.0.0.0/8", "192.168.1.7/32", "0.0.0.0/0", "2001:db8::/32", "::/0", "::1/128")) {
      assertThat(Cidrs.problem(cidr)).as(cidr).isEmpty();
      assertThat(Cidrs.parseBlock(cidr)).as(cidr).isPresent();
    }
  }

  @Test
  void aBlockContainsTheAddressesOfItsRangeAndNoOthers() {
    IPAddress v4 = Cidrs.parseBlock("10.1.0.0/16").orElseThrow();
    assertThat(Cidrs.contains(v4, Cidrs.parseAddress("10.1.255.254"))).isTrue();
    assertThat(Cidrs.contains(v4, Cidrs.parseAddress("10.2.0.1"))).isFalse();
    IPAddress v6 = Cidrs.parseBlock("2001:db8:abcd::/48").orElseThrow();
    assertThat(Cidrs.contains(v6, Cidrs.parseAddress("2001:db8:abcd:12::1"))).isTrue();
    assertThat(Cidrs.contains(v6, Cidrs.parseAddress("2001:db8:abce::1"))).isFalse();
    assertThat(Cidrs.contains(v6, Cidrs.parseAddress("10.1.0.1"))).isFalse();
    assertThat(Cidrs.contains(v4, Cidrs.parseAddress("2001:db8:abcd::1"))).isFalse();
  }

  @Test
  void anIpv4MappedIpv6AddressIsTheIpv4AddressItCarries() throws UnknownHostException {
    IPAddress block = Cidrs.parseBlock("10.0.0.0/8").orElseThrow();
    assertThat(Cidrs.contains(block, Cidrs.parseAddress("::ffff:10.0.0.1"))).isTrue();
    assertThat(Cidrs.contains(block, Cidrs.parseAddress("::ffff:a00:1"))).isTrue();
    assertThat(Cidrs.contains(block, Cidrs.of(InetAddress.getByName("::ffff:10.0.0.1")))).isTrue();
    assertThat(Cidrs.contains(block, Cidrs.parseAddress("::ffff:11.0.0.1"))).isFalse();
  }

  @Test
  void aSocketAddressIsReadWithoutItsScope() throws UnknownHostException {
    IPAddress block = Cidrs.parseBlock("fe80::/10").orElseThrow();
    assertThat(Cidrs.contains(block, Cidrs.of(InetAddress.getByName("fe80::1%1")))).isTrue();
  }

  @Test
  void eachKindOfBadEntryIsExplained() {
    assertThat(Cidrs.problem("")).contains("is empty");
    assertThat(Cidrs.problem(null)).contains("is empty");
    assertThat(Cidrs.problem("10.0.0.5"))
        .contains("has no prefix length: write 10.0.0.5/32 for a single address");
    assertThat(Cidrs.problem("2001:db8::1"))
        .contains("has no prefix length: write 2001:db8::1/128 for a single address");
    assertThat(Cidrs.problem("10.0.0.1/8"))
        .contains("has bits set after its prefix length: did you mean 10.0.0.0/8?");
    assertThat(Cidrs.problem("2001:db8::1/32"))
        .contains("has bits set after its prefix length: did you mean 2001:db8::/32?");
    for (String bad :
        List.of(
            "10.0.0.0/33",
            "2001:db8::/129",
            "010.0.0.0/8",
            "10.0.0.0/255.0.0.0",
            "10.0.0.*/24",
            "10.0.0.0-10.0.0.9",
            "10/8",
            "fe80::%eth0/64",
            "example.com/8",
            "*",
            "/8")) {
      assertThat(Cidrs.problem(bad)).as(bad).isPresent();
      assertThat(Cidrs.parseBlock(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void anAddressIsPlainNotationWithoutPrefixOrPort() {
    assertThat(Cidrs.parseAddress("203.0.113.9")).isNotNull();
    assertThat(Cidrs.parseAddress("2001:db8::9")).isNotNull();
    for (String bad :
        List.of("", "unknown", "203.0.113.9/32", "203.0.113.9:443", "1.2.3", "0x7f.1")) {
      assertThat(Cidrs.parseAddress(bad)).as(bad).isNull();
    }
  }
}
