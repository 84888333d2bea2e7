// VANISH_TRUSTED_PROXIES: addresses and CIDR ranges (IPv4 and IPv6) of the reverse proxies whose
// X-Forwarded-For this node believes. Parsed from IP literals only (Netty's NetUtil), so nothing here ever
// does a DNS lookup on the event loop.
package dev.vanish.server.config;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;

public final class TrustedProxies {

  /** One range: the first {@code bits} bits of {@code network}. */
  record Cidr(byte[] network, int bits) {
    boolean contains(byte[] addr) {
      if (addr.length != network.length) return false;
      int full = bits / 8;
      for (int i = 0; i < full; i++) if (addr[i] != network[i]) return false;
      int rest = bits % 8;
      if (rest == 0) return true;
      int mask = (0xff << (8 - rest)) & 0xff;
      return (addr[full] & mask) == (network[full] & mask);
    }
  }

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Cidr> ranges;

  private TrustedProxies(List<Cidr> ranges) {
    this.ranges = ranges;
  }

  /** Parses entries like "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"; throws IllegalArgumentException naming the bad one. */
  public static TrustedProxies parse(List<String> entries) {
    List<Cidr> out = new ArrayList<>();
    for (String raw : entries) out.add(cidr(raw.trim()));
    return new TrustedProxies(List.copyOf(out));
  }

  /** Splits a comma-separated setting into entries, checking each. */
  public static List<String> split(String setting) {
    List<String> out = new ArrayList<>();
    if (setting == null) return out;
    for (String part : setting.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      cidr(p);
      out.add(p);
    }
    return out;
  }

  static Cidr cidr(String entry) {
    int slash = entry.indexOf('/');
    String host = slash < 0 ? entry : entry.substring(0, slash);
    byte[] addr = literal(host);
    if (addr == null) throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
    int bits = addr.length * 8;
    if (slash >= 0) {
      String b = entry.substring(slash + 1);
      if (!b.matches("[0-9]{1,3}") || Integer.parseInt(b) > addr.length * 8) {
        throw new IllegalArgumentException("'" + entry + "' has a bad prefix length (0-" + addr.length * 8 + ")");
      }
      bits = Integer.parseInt(b);
    }
    return new Cidr(addr, bits);
  }

  /** The bytes of an IP literal (4 or 16; IPv4-mapped IPv6 becomes 4), or null for anything else. */
  public static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) return null;
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
    if (b != null && b.length == 16 && isV4Mapped(b)) return Arrays.copyOfRange(b, 12, 16);
    return b;
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean trusts(byte[] addr) {
    if (addr == null) return false;
    for (Cidr c : ranges) if (c.contains(addr)) return true;
    return false;
  }
}
