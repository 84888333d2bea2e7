// Every setting of a Vanish node, already validated. Built by ConfigLoader from flags and
// VANISH_* environment variables (the rows of Settings, through from); tests build it directly.
// Its defaults are the rows' defaults: what the loader makes of an empty environment.
package dev.vanish.server.config;

import java.util.Map;

public record ServerConfig(
    String host,
    int port,
    String redisUrl,          // null = embedded memory engine
    String redisPrefix,
    int defaultTtlSeconds,
    int minTtlSeconds,
    int maxTtlSeconds,
    int maxCapacity,
    int historyLimit,
    int seatGraceSeconds,
    String redisCaFile,       // PEM CA certificates to trust for rediss://; null = the JVM trust store
    Hardening hardening,      // abuse limits, trusted proxies, socket health, public URL, access log
    Network network) {        // timeouts and caps of connections, h2c, the /metrics listener

  public static final int MIN_CAPACITY = 2;
  public static final int DEFAULT_CAPACITY = 2;
  /** Largest message body, in base64url characters (about 24 KiB of ciphertext). */
  public static final int MAX_BODY_CHARS = 32768;

  /** Without hardening settings: their defaults. */
  public ServerConfig(String host, int port, String redisUrl, String redisPrefix, int defaultTtlSeconds,
      int minTtlSeconds, int maxTtlSeconds, int maxCapacity, int historyLimit, int seatGraceSeconds, String redisCaFile) {
    this(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds, maxCapacity, historyLimit,
        seatGraceSeconds, redisCaFile, Hardening.defaults());
  }

  /** With the connection settings' defaults. */
  public ServerConfig(String host, int port, String redisUrl, String redisPrefix, int defaultTtlSeconds,
      int minTtlSeconds, int maxTtlSeconds, int maxCapacity, int historyLimit, int seatGraceSeconds, String redisCaFile,
      Hardening hardening) {
    this(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds, maxCapacity, historyLimit,
        seatGraceSeconds, redisCaFile, hardening, Network.defaults());
  }

  /** The rows' defaults: nothing set, no flags. */
  public static ServerConfig defaults() {
    return new ConfigLoader(Map.of(), name -> null).load();
  }

  /** The record of the values the loader read (already checked, one by one and across settings). */
  static ServerConfig from(SettingValues v) {
    return new ServerConfig(v.get(Settings.HOST), v.get(Settings.PORT), v.get(Settings.REDIS_URL),
        v.get(Settings.REDIS_PREFIX), v.get(Settings.DEFAULT_TTL_SECONDS), v.get(Settings.MIN_TTL_SECONDS),
        v.get(Settings.MAX_TTL_SECONDS), v.get(Settings.MAX_CAPACITY), v.get(Settings.HISTORY_LIMIT),
        v.get(Settings.SEAT_GRACE_SECONDS), v.get(Settings.REDIS_CA_FILE), Hardening.from(v), Network.from(v));
  }

  public boolean usesRedis() {
    return redisUrl != null && !redisUrl.isBlank();
  }

  public ServerConfig withHardening(Hardening h) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, h, network);
  }

  public ServerConfig withNetwork(Network n) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, n);
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, network);
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, network);
  }

  public ServerConfig withRedis(String url, String prefix) {
    return new ServerConfig(host, port, url, prefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, network);
  }

  public ServerConfig withRedisCaFile(String caFile) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, caFile, hardening, network);
  }

  public ServerConfig withLimits(int minTtl, int historyLimit, int seatGraceSeconds) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtl, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, network);
  }
}
