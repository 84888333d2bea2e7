// One spelling of a web origin (RFC 6454: scheme, host, port) for comparing a browser's `Origin` header with
// the origins a node accepts (VANISH_PUBLIC_URL, VANISH_ALLOWED_ORIGINS, the request's Host): lower case,
// the scheme's default port left out, no path. Only http and https; anything else (including the
// browser's opaque "null") has no spelling and is never equal to an accepted origin.
package dev.vanish.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

public final class WebOrigin {

  private WebOrigin() {}

  /** {@code scheme://host[:port]} of an http(s) URL or origin, or null when it is none (a path is dropped). */
  public static String of(String url) {
    if (url == null || url.isBlank()) return null;
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) return null;
    int port = u.getPort();
    boolean defaultPort = port == -1 || port == ("https".equals(scheme) ? 443 : 80);
    return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  /** An origin only (no path): what VANISH_ALLOWED_ORIGINS lists. */
  static String strict(String origin) {
    String normal = of(origin);
    if (normal == null) return null;
    String path = URI.create(origin.trim()).getRawPath();
    return path == null || path.isEmpty() || path.equals("/") ? normal : null;
  }
}
