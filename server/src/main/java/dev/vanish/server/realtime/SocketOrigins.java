// Which pages may open a socket: the browser's `Origin` of an upgrade must be the node's own origin
// (VANISH_PUBLIC_URL when set, else the request's Host over http or https) or one listed in
// VANISH_ALLOWED_ORIGINS. An upgrade without Origin is not a browser page (the terminal client, the load
// generator) and is allowed: the check keeps foreign pages from spending their visitors' sockets and
// per-IP limits on a node, it is no authentication (the hello's token is). Pure: no I/O, no state.
//
// Why both schemes for the Host: a node serves plain http itself and sees https only through a proxy, whose
// X-Forwarded-Proto it would have to trust; the same host name over plain http is only reachable by whoever
// holds that host or the path to it, who could serve that page anyway. Operators who want one exact
// origin set VANISH_PUBLIC_URL (OriginCheckTest covers both ways).
package dev.vanish.server.realtime;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.WebOrigin;

import java.util.Set;

public final class SocketOrigins {

  private final String publicOrigin;
  private final Set<String> allowed;

  public SocketOrigins(Hardening config) {
    this.publicOrigin = WebOrigin.of(config.publicUrl());
    this.allowed = Set.copyOf(config.allowedOrigins());
  }

  /**
   * @param origin the request's Origin header, null when absent
   * @param host the request's Host header (authority), null when absent
   */
  public boolean allows(String origin, String host) {
    if (origin == null) return true;
    String o = WebOrigin.of(origin);
    if (o == null) return false; // "null" (sandboxed or file pages) and anything that is no http(s) origin
    if (allowed.contains(o)) return true;
    if (publicOrigin != null) return o.equals(publicOrigin);
    return host != null && !host.isBlank() && (o.equals(WebOrigin.of("http://" + host)) || o.equals(WebOrigin.of("https://" + host)));
  }
}
