// Who a request comes from, for per-IP limits: the direct peer's address, unless that peer is a trusted
// proxy — then the rightmost X-Forwarded-For entry that is not itself a trusted proxy (entries left of it
// were written by the client and are worth nothing). The result is only ever used as a limiter subject,
// hashed with a secret (see Limiter); it is never logged or stored.
package dev.vanish.server.limits;

import dev.vanish.server.config.TrustedProxies;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class ClientIp {

  private final TrustedProxies proxies;

  public ClientIp(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  public String of(HttpServerRequest req) {
    SocketAddress peer = req.remoteAddress();
    String peerHost = peer == null ? null : peer.hostAddress();
    return resolve(peerHost, req.headers().getAll("X-Forwarded-For"));
  }

  /** The walk, on plain strings so it can be tested alone. */
  String resolve(String peer, List<String> forwardedFor) {
    byte[] peerAddr = TrustedProxies.literal(peer);
    String fallback = peerAddr == null ? String.valueOf(peer) : normal(peerAddr);
    if (proxies.isEmpty() || !proxies.trusts(peerAddr) || forwardedFor == null || forwardedFor.isEmpty()) return fallback;
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) for (String h : header.split(",")) if (!h.isBlank()) hops.add(h.trim());
    String last = fallback;
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] addr = TrustedProxies.literal(stripPort(hops.get(i)));
      // A hop that is not an address was not written by a proxy we trust: stop at the last one we can vouch for.
      if (addr == null) return last;
      last = normal(addr);
      if (!proxies.trusts(addr)) return last;
    }
    return last;
  }

  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(0, end + 1);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /**
   * One canonical spelling per client. IPv6 clients count by their /64, the block one subscriber usually
   * holds, so walking through addresses of one's own prefix does not multiply the limits.
   */
  public static String normal(byte[] addr) {
    if (addr.length == 16) {
      byte[] prefix = Arrays.copyOf(addr, 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      return NetUtil.bytesToIpAddress(prefix) + "/64";
    }
    return NetUtil.bytesToIpAddress(addr);
  }
}
