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
    long roomBytes,           // ciphertext kept per room; the oldest messages beyond it are dropped
    long memoryBudget,        // memory engine: bytes the node keeps before writes answer storage_full; 0 = off
    Network network,          // timeouts and caps of connections, h2c, the /metrics listener
    FileLimits files) {       // largest file, files kept per room (issue 17)

  public static final int MIN_CAPACITY = 2;
  public static final int DEFAULT_CAPACITY = 2;
  /** Largest message body, in base64url characters (about 24 KiB of ciphertext). */
  public static final int MAX_BODY_CHARS = 32768;
  /** Smallest VANISH_ROOM_BYTES: twice the largest body, so a room always holds its newest message. */
  public static final long MIN_ROOM_BYTES = 2L * MAX_BODY_CHARS;
  /**
   * What one stored message costs besides its body, in bytes: charged by the memory engine's budget and by the
   * per-IP byte rate. Measured on the memory engine (MemoryEngineFootprintTest, which fails if it grows past
   * this): 100 000 messages of 100 characters retained 163 bytes each beyond their bodies (frame JSON around the
   * body, array and object headers, the history slot); 256 leaves a margin. Redis keeps about 150 bytes per
   * message beyond its body (list entry and frame JSON; docs/DEPLOY.md).
   */
  public static final int MESSAGE_OVERHEAD_BYTES = 256;

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
        seatGraceSeconds, redisCaFile, hardening, 4L << 20, Runtime.getRuntime().maxMemory() / 2, Network.defaults(),
        FileLimits.DEFAULTS);
  }

  /** The rows' defaults: nothing set, no flags. */
  public static ServerConfig defaults() {
    return new ConfigLoader(Map.of(), name -> null).load();
  }

  /** The record of the values the loader read (already checked, one by one and across settings). */
  public static ServerConfig from(SettingValues v) {
    return new ServerConfig(v.get(Settings.HOST), v.get(Settings.PORT), v.get(Settings.REDIS_URL),
        v.get(Settings.REDIS_PREFIX), v.get(Settings.DEFAULT_TTL_SECONDS), v.get(Settings.MIN_TTL_SECONDS),
        v.get(Settings.MAX_TTL_SECONDS), v.get(Settings.MAX_CAPACITY), v.get(Settings.HISTORY_LIMIT),
        v.get(Settings.SEAT_GRACE_SECONDS), v.get(Settings.REDIS_CA_FILE), Hardening.from(v),
        v.get(Settings.ROOM_BYTES), v.get(Settings.MEMORY_BUDGET), Network.from(v),
        new FileLimits(v.get(Settings.MAX_FILE_BYTES), v.get(Settings.ROOM_FILE_BYTES)));
  }

  public boolean usesRedis() {
    return redisUrl != null && !redisUrl.isBlank();
  }

  public ServerConfig withHardening(Hardening h) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, h, roomBytes, memoryBudget, network, files);
  }

  public ServerConfig withNetwork(Network n) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, n, files);
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, files);
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, files);
  }

  public ServerConfig withRedis(String url, String prefix) {
    return new ServerConfig(host, port, url, prefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, files);
  }

  public ServerConfig withRedisCaFile(String caFile) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, caFile, hardening, roomBytes, memoryBudget, network, files);
  }

  /** @param memoryBudget 0 = off */
  public ServerConfig withBudgets(long roomBytes, long memoryBudget) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, files);
  }

  public ServerConfig withFiles(FileLimits f) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtlSeconds, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, f);
  }

  public boolean memoryBudgetOn() {
    return memoryBudget > 0;
  }

  public ServerConfig withLimits(int minTtl, int historyLimit, int seatGraceSeconds) {
    return new ServerConfig(host, port, redisUrl, redisPrefix, defaultTtlSeconds, minTtl, maxTtlSeconds,
        maxCapacity, historyLimit, seatGraceSeconds, redisCaFile, hardening, roomBytes, memoryBudget, network, files);
  }
}
