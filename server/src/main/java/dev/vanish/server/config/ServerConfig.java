package dev.vanish.server.config;

/**
 * Every setting of a Vanish node, already validated. Built by {@link ConfigLoader} from flags and
 * VANISH_* environment variables; tests build it directly.
 */
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
    Hardening hardening) {    // abuse limits, trusted proxies, socket health, public URL, access log

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

  public static ServerConfig defaults() {
    return new ServerConfig("0.0.0.0", 8080, null, "vanish", 600, 60, 86400, 50, 1000, 60, null);
  }

  public boolean usesRedis() {
    return redisUrl != null && !redisUrl.isBlank();
  }

  public ServerConfig withHardening(Hardening h) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, h);
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening);
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening);
  }

  public ServerConfig withRedis(String url, String prefix) {
    return new ServerConfig(host, port, url, prefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening);
  }

  public ServerConfig withRedisCaFile(String caFile) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, caFile, hardening);
  }

  public ServerConfig withLimits(int minTtl, int historyLimit, int seatGraceSeconds) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtl, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening);
  }
}
