// The one grammar of VANISH_REDIS_URL, and the one way its credentials are kept out of text. A URL is
//   redis://[user:pass@]host[:port][/db]  or  rediss://…  (one server; TLS with rediss; port 6379 when left out)
//   redis-cluster://[user:pass@]h1:p1,h2:p2,…  or  rediss-cluster://…  (seed nodes of a Redis Cluster)
// The settings loader validates with it and the Redis engine builds its client options from it, so a URL the
// loader accepts is one the engine can use. Errors never echo the URL: it may carry a password.
package dev.vanish.server.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Redis URL. {@code nodes} are host:port (one, for a single server); {@code userInfo} is
 * "user:pass", ":pass" or null, still percent-encoded; {@code text} is the URL as given (trimmed).
 */
public record RedisUrl(boolean tls, boolean cluster, String userInfo, List<String> nodes, String text) {

  private static final String USER_INFO = "[^@/\\s]*";
  private static final String HOST = "\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+";
  private static final Pattern SERVER =
      Pattern.compile("^(rediss?)://(?:(" + USER_INFO + ")@)?(" + HOST + ")(?::(\\d{1,5}))?(?:/(\\d{0,5}))?$");
  private static final Pattern CLUSTER = Pattern.compile("^(rediss?)-cluster://(?:(" + USER_INFO + ")@)?([^/]*)/?$");
  private static final Pattern NODE = Pattern.compile("^(" + HOST + "):(\\d{1,5})$");
  /** The user-info of any Redis URL inside a text: what {@link #redact} hides. */
  private static final Pattern CREDENTIALS = Pattern.compile("(rediss?(?:-cluster)?://)" + USER_INFO + "@");

  /** Parses a URL; an unusable one throws IllegalArgumentException with a message that never shows the URL. */
  public static RedisUrl parse(String url) {
    if (url == null || url.isBlank()) throw new IllegalArgumentException("no Redis URL");
    String t = url.trim();
    Matcher c = CLUSTER.matcher(t);
    if (c.matches()) {
      List<String> nodes = new ArrayList<>();
      for (String node : c.group(3).split(",", -1)) {
        Matcher n = NODE.matcher(node.trim());
        if (!n.matches() || !validPort(n.group(2))) {
          throw new IllegalArgumentException("a cluster URL lists host:port nodes separated by commas");
        }
        nodes.add(node.trim());
      }
      return new RedisUrl(c.group(1).equals("rediss"), true, c.group(2), List.copyOf(nodes), t);
    }
    if (!t.startsWith("redis://") && !t.startsWith("rediss://")) {
      throw new IllegalArgumentException("the URL must start with redis://, rediss://, redis-cluster:// or rediss-cluster://");
    }
    Matcher s = SERVER.matcher(t);
    if (!s.matches() || (s.group(4) != null && !validPort(s.group(4)))) {
      throw new IllegalArgumentException("a server URL is redis://[user:pass@]host:port[/db] (rediss:// with TLS)");
    }
    String port = s.group(4) == null ? "6379" : s.group(4);
    return new RedisUrl(s.group(1).equals("rediss"), false, s.group(2), List.of(s.group(3) + ":" + port), t);
  }

  /**
   * Hides the credentials of every Redis URL in {@code text}: "user:pass@" becomes {@code mark} ("" drops it,
   * "***@" shows that there was one). The only redactor of Redis credentials; null stays null.
   */
  public static String redact(String text, String mark) {
    if (text == null) return null;
    return CREDENTIALS.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(mark));
  }

  /** The URL as given without its credentials: rediss://default:secret@host:6379 becomes rediss://host:6379. */
  public String redacted() {
    return redact(text, "");
  }

  /** The password (percent-decoded), or null when the URL has none. */
  public String password() {
    if (userInfo == null) return null;
    int colon = userInfo.indexOf(':');
    String pw = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
    return pw.isEmpty() ? null : URLDecoder.decode(pw, StandardCharsets.UTF_8);
  }

  /**
   * What the Redis client connects to: the URL as given for one server; for a cluster one
   * scheme://[user-info@]host:port per seed node, each carrying the shared credentials.
   */
  public List<String> endpoints() {
    if (!cluster) return List.of(text);
    String prefix = (tls ? "rediss" : "redis") + "://" + (userInfo == null ? "" : userInfo + "@");
    return nodes.stream().map(node -> prefix + node).toList();
  }

  /** Never shows the password (records print every component by default). */
  @Override
  public String toString() {
    return "RedisUrl[" + redacted() + "]";
  }

  private static boolean validPort(String digits) {
    int p = Integer.parseInt(digits);
    return p >= 1 && p <= 65535;
  }
}
