package dev.vanish.server.config;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link ServerConfig} from flags (which win) and VANISH_* environment variables, with one clear
 * sentence naming the setting when a value is unusable. Flags arrive as strings so their errors read the same.
 */
public final class ConfigLoader {

  /** A setting that cannot be used; its message names the setting. */
  public static final class BadSetting extends RuntimeException {
    public BadSetting(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> env;
  private final Function<String, String> flags;

  /** @param flags the flag's value for an env name (e.g. VANISH_PORT → --port), or null when not given */
  public ConfigLoader(Map<String, String> env, Function<String, String> flags) {
    this.env = env;
    this.flags = flags;
  }

  public ServerConfig load() {
    ServerConfig d = ServerConfig.defaults();
    String host = string("VANISH_HOST", d.host());
    int port = integer("VANISH_PORT", d.port(), 0, 65535);
    String redisUrl = string("VANISH_REDIS_URL", null);
    if (redisUrl != null && redisUrl.isBlank()) redisUrl = null;
    if (redisUrl != null) checkRedisUrl(redisUrl);
    String prefix = string("VANISH_REDIS_PREFIX", d.redisPrefix());
    if (!prefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new BadSetting("VANISH_REDIS_PREFIX must be 1-64 letters, digits or _.:- characters.");
    }
    int minTtl = integer("VANISH_MIN_TTL_SECONDS", d.minTtlSeconds(), 1, Integer.MAX_VALUE / 1000);
    int maxTtl = integer("VANISH_MAX_TTL_SECONDS", d.maxTtlSeconds(), 1, Integer.MAX_VALUE / 1000);
    if (minTtl > maxTtl) throw new BadSetting("VANISH_MIN_TTL_SECONDS (" + minTtl + ") is greater than VANISH_MAX_TTL_SECONDS (" + maxTtl + ").");
    int defTtl = integer("VANISH_DEFAULT_TTL_SECONDS", Math.max(minTtl, Math.min(maxTtl, d.defaultTtlSeconds())), 1, Integer.MAX_VALUE / 1000);
    if (defTtl < minTtl || defTtl > maxTtl) {
      throw new BadSetting("VANISH_DEFAULT_TTL_SECONDS (" + defTtl + ") must be between VANISH_MIN_TTL_SECONDS (" + minTtl
          + ") and VANISH_MAX_TTL_SECONDS (" + maxTtl + ").");
    }
    int maxCapacity = integer("VANISH_MAX_CAPACITY", d.maxCapacity(), ServerConfig.MIN_CAPACITY, 10_000);
    int history = integer("VANISH_HISTORY_LIMIT", d.historyLimit(), 1, 1_000_000);
    int grace = integer("VANISH_SEAT_GRACE_SECONDS", d.seatGraceSeconds(), 1, 86400);
    String caFile = string("VANISH_REDIS_CA_FILE", null);
    if (caFile != null && caFile.isBlank()) caFile = null;
    if (caFile != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(caFile))) {
      throw new BadSetting("VANISH_REDIS_CA_FILE (" + caFile + ") is not a readable file.");
    }
    return new ServerConfig(host, port, redisUrl, prefix, defTtl, minTtl, maxTtl, maxCapacity, history, grace, caFile, hardening());
  }

  private Hardening hardening() {
    Hardening d = Hardening.defaults();
    Rate rooms = rate("VANISH_RATE_ROOMS", d.rooms());
    Rate seats = rate("VANISH_RATE_SEATS", d.seats());
    Rate messages = rate("VANISH_RATE_MESSAGES", d.messages());
    Rate typing = rate("VANISH_RATE_TYPING", d.typing());
    int socketsPerIp = integer("VANISH_SOCKETS_PER_IP", d.socketsPerIp(), 0, 1_000_000);
    java.util.List<String> proxies;
    try {
      proxies = dev.vanish.server.limits.TrustedProxies.split(string("VANISH_TRUSTED_PROXIES", ""));
    } catch (IllegalArgumentException e) {
      throw new BadSetting("VANISH_TRUSTED_PROXIES: " + e.getMessage() + " (use e.g. 127.0.0.1,10.0.0.0/8,::1).");
    }
    String secret = string("VANISH_LIMIT_SECRET", null);
    if (secret != null && secret.isEmpty()) secret = null;
    if (secret != null && secret.length() < 16) throw new BadSetting("VANISH_LIMIT_SECRET must be at least 16 characters.");
    int ping = integer("VANISH_PING_SECONDS", (int) (d.pingIntervalMs() / 1000), 1, 3600);
    int idle = integer("VANISH_IDLE_TIMEOUT_SECONDS", Math.max(ping + 1, (int) (d.idleTimeoutMs() / 1000)), 2, 86400);
    if (idle <= ping) throw new BadSetting("VANISH_IDLE_TIMEOUT_SECONDS (" + idle + ") must be greater than VANISH_PING_SECONDS (" + ping + ").");
    int slow = integer("VANISH_SLOW_READER_BYTES", (int) d.slowReaderBytes(), 65536, 1 << 30);
    String publicUrl = string("VANISH_PUBLIC_URL", null);
    if (publicUrl != null && publicUrl.isEmpty()) publicUrl = null;
    if (publicUrl != null) publicUrl = checkPublicUrl(publicUrl);
    boolean accessLog = bool("VANISH_ACCESS_LOG", d.accessLog());
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, proxies, secret, ping * 1000L, idle * 1000L,
        slow, publicUrl, accessLog);
  }

  private Rate rate(String name, Rate fallback) {
    String v = raw(name);
    if (v == null || v.isBlank()) return fallback;
    Rate r = Rate.parse(v);
    if (r == null) throw new BadSetting(name + " must be a rate like 20/1m, 10/2s or 5/500ms (at most 24h), or off, not '" + v + "'.");
    return r;
  }

  private boolean bool(String name, boolean fallback) {
    String v = raw(name);
    if (v == null || v.isBlank()) return fallback;
    switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on": return true;
      case "false", "no", "0", "off": return false;
      default: throw new BadSetting(name + " must be true or false, not '" + v + "'.");
    }
  }

  private static String checkPublicUrl(String url) {
    try {
      URI uri = URI.create(url);
      if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw new BadSetting("VANISH_PUBLIC_URL must be an http:// or https:// address without query or fragment, e.g. https://chat.example.org.");
      }
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    } catch (IllegalArgumentException e) {
      throw new BadSetting("VANISH_PUBLIC_URL is not a valid URL.");
    }
  }

  private String raw(String name) {
    String flag = flags.apply(name);
    return flag != null ? flag : env.get(name);
  }

  private String string(String name, String fallback) {
    String v = raw(name);
    return v == null ? fallback : v.trim();
  }

  private int integer(String name, int fallback, int min, int max) {
    String v = raw(name);
    if (v == null || v.isBlank()) return fallback;
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new BadSetting(name + " must be a whole number, not '" + v + "'.");
    }
    if (n < min || n > max) throw new BadSetting(name + " must be between " + min + " and " + max + ", not " + n + ".");
    return (int) n;
  }

  private static void checkRedisUrl(String url) {
    if (url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://")) {
      String nodes = url.substring(url.indexOf("://") + 3).replaceFirst("^[^@/]*@", "").replaceFirst("/$", "");
      for (String node : nodes.split(",", -1)) {
        if (!node.trim().matches("[A-Za-z0-9.\\[\\]:-]+:\\d{1,5}")) {
          throw new BadSetting("VANISH_REDIS_URL: a cluster URL lists host:port nodes separated by commas.");
        }
      }
      return;
    }
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme();
      if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
        throw new BadSetting("VANISH_REDIS_URL must start with redis://, rediss://, redis-cluster:// or rediss-cluster://.");
      }
      if (uri.getHost() == null) throw new BadSetting("VANISH_REDIS_URL has no host.");
    } catch (IllegalArgumentException e) {
      throw new BadSetting("VANISH_REDIS_URL is not a valid URL.");
    }
  }

  /** The URL without its password, for messages. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("//[^@/]*@", "//***@");
  }
}
