package dev.vanish.server.limits;

import dev.vanish.server.config.TrustedProxies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VANISH_TRUSTED_PROXIES parsing (IPv4, IPv6, CIDR) and the X-Forwarded-For walk, without a server. */
class ClientIpTest {

  private static ClientIp trusting(String setting) {
    return new ClientIp(TrustedProxies.parse(TrustedProxies.split(setting)));
  }

  @Test
  void rangesMatchTheirAddressesOnly() {
    TrustedProxies p = TrustedProxies.parse(List.of("127.0.0.1", "10.0.0.0/8", "192.168.4.0/22", "fd00::/8", "::1"));
    assertThat(p.trusts(TrustedProxies.literal("127.0.0.1"))).isTrue();
    assertThat(p.trusts(TrustedProxies.literal("127.0.0.2"))).isFalse();
    assertThat(p.trusts(TrustedProxies.literal("10.255.3.4"))).isTrue();
    assertThat(p.trusts(TrustedProxies.literal("11.0.0.1"))).isFalse();
    assertThat(p.trusts(TrustedProxies.literal("192.168.7.255"))).isTrue();
    assertThat(p.trusts(TrustedProxies.literal("192.168.8.0"))).isFalse();
    assertThat(p.trusts(TrustedProxies.literal("fd12:3456::1"))).isTrue();
    assertThat(p.trusts(TrustedProxies.literal("fe80::1"))).isFalse();
    assertThat(p.trusts(TrustedProxies.literal("::1"))).isTrue();
    assertThat(p.trusts(TrustedProxies.literal("[::1]"))).isTrue();
    // An IPv4-mapped IPv6 peer is the IPv4 address it maps.
    assertThat(p.trusts(TrustedProxies.literal("::ffff:10.1.2.3"))).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(TrustedProxies.literal("8.8.8.8"))).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(TrustedProxies.literal("2001:db8::1"))).isFalse();
  }

  @Test
  void badEntriesAreRefusedByName() {
    for (String bad : List.of("localhost", "10.0.0.0/33", "::1/129", "1.2.3", "10.0.0.0/", "10.0.0.0/x", "1.2.3.4.5", "example.org/8")) {
      assertThatThrownBy(() -> TrustedProxies.split("127.0.0.1," + bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
    assertThat(TrustedProxies.split(" 127.0.0.1 , ,10.0.0.0/8 ")).containsExactly("127.0.0.1", "10.0.0.0/8");
    assertThat(TrustedProxies.split("")).isEmpty();
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    ClientIp ip = trusting("");
    assertThat(ip.resolve("203.0.113.7", List.of("1.1.1.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void anUntrustedPeerCannotNameItsAddress() {
    ClientIp ip = trusting("10.0.0.0/8");
    assertThat(ip.resolve("203.0.113.7", List.of("1.1.1.1, 10.0.0.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void theWalkStopsAtTheFirstUntrustedAddressFromTheRight() {
    ClientIp ip = trusting("127.0.0.1,10.0.0.0/8");
    assertThat(ip.resolve("127.0.0.1", List.of("198.51.100.9"))).isEqualTo("198.51.100.9");
    // The client wrote "6.6.6.6" itself; the proxies appended what they saw.
    assertThat(ip.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.9, 10.1.1.1"))).isEqualTo("198.51.100.9");
    // Several headers count as one list, in order.
    assertThat(ip.resolve("127.0.0.1", List.of("6.6.6.6", "198.51.100.9", "10.1.1.1"))).isEqualTo("198.51.100.9");
    // Only trusted hops: the leftmost is as far as anyone can tell.
    assertThat(ip.resolve("127.0.0.1", List.of("10.2.2.2, 10.1.1.1"))).isEqualTo("10.2.2.2");
    // Ports and brackets are not part of the address.
    assertThat(ip.resolve("127.0.0.1", List.of("198.51.100.9:4711"))).isEqualTo("198.51.100.9");
    // Garbage where a proxy would have written an address: stop at the last hop that can be vouched for.
    assertThat(ip.resolve("127.0.0.1", List.of("nonsense, 10.1.1.1"))).isEqualTo("10.1.1.1");
    assertThat(ip.resolve("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void ipv6ClientsCountByTheirSlash64() {
    ClientIp ip = trusting("::1");
    String a = ip.resolve("::1", List.of("2001:db8:1:2:aaaa::1"));
    String b = ip.resolve("::1", List.of("[2001:db8:1:2:bbbb::2]:443"));
    assertThat(a).isEqualTo(b).isEqualTo("2001:db8:1:2::/64");
    assertThat(ip.resolve("::1", List.of("2001:db8:1:3::1"))).isNotEqualTo(a);
  }
}
