// The abuse-resistance and privacy settings of a node (docs/SECURITY.md explains each): rate limits, which
// peers are trusted proxies for X-Forwarded-For, the secret of limiter keys, socket health (pings, slow
// readers), the public URL (HSTS), the origins whose pages may open sockets and the opt-in access log. Part of
// ServerConfig; its defaults are the rows of Settings. Its with* copies are for tests and embedders.
package dev.vanish.server.config;

import java.util.List;

public record Hardening(
    Rate rooms, // room creations per client IP
    Rate seats, // seat-taking (POST …/members) per client IP
    Rate messages, // messages per member (socket and HTTP together)
    Rate messageBytes, // message bytes (body + ServerConfig.MESSAGE_OVERHEAD_BYTES each) per client IP
    Rate typing, // typing frames per member
    Rate history, // history pages read over HTTP per member
    Rate lookups, // failed room look-ups (401/404 without a valid token or proof) per client IP
    int socketsPerIp, // concurrent sockets per client IP on one node; 0 = off
    List<String> trustedProxies, // addresses or CIDR ranges, already validated
    String limitSecret, // keys the limiter's hashes; null = random, shared through the engine
    long pingIntervalMs,
    long idleTimeoutMs,
    long slowReaderBytes, // bytes queued to a socket that cannot take them before it is closed
    String publicUrl, // null = unknown; https:// turns on HSTS
    boolean accessLog,
    List<String> allowedOrigins, // origins besides the node's own whose pages may open sockets (WebOrigin spelling)
    Rate uploadBytes, // file chunk bytes uploaded per client IP
    Rate downloadBytes) { // file chunk bytes downloaded per client IP

  /** The rows' defaults (see {@link Settings}). */
  public static Hardening defaults() {
    return ServerConfig.defaults().hardening();
  }

  /** The hardening part of the values the loader read; seconds become milliseconds here. */
  static Hardening from(SettingValues v) {
    return new Hardening(v.get(Settings.RATE_ROOMS), v.get(Settings.RATE_SEATS), v.get(Settings.RATE_MESSAGES),
        v.get(Settings.RATE_MESSAGE_BYTES), v.get(Settings.RATE_TYPING),
        v.get(Settings.RATE_HISTORY), v.get(Settings.RATE_LOOKUPS), v.get(Settings.SOCKETS_PER_IP),
        v.get(Settings.TRUSTED_PROXIES), v.get(Settings.LIMIT_SECRET),
        v.get(Settings.PING_SECONDS) * 1000L, v.get(Settings.IDLE_TIMEOUT_SECONDS) * 1000L,
        v.get(Settings.SLOW_READER_BYTES), v.get(Settings.PUBLIC_URL), v.get(Settings.ACCESS_LOG),
        v.get(Settings.ALLOWED_ORIGINS), v.get(Settings.RATE_UPLOAD_BYTES),
        v.get(Settings.RATE_DOWNLOAD_BYTES));
  }

  public boolean https() {
    return publicUrl != null && publicUrl.startsWith("https://");
  }

  public Hardening withRates(Rate rooms, Rate seats, Rate messages, Rate typing) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withMessageBytes(Rate messageBytes) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withHistoryRate(Rate history) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withLookups(Rate lookups) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withSocketsPerIp(int n) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, n, trustedProxies,
        limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl, accessLog,
        allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withTrustedProxies(List<String> proxies) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        List.copyOf(proxies), limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes,
        publicUrl, accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withSockets(long pingIntervalMs, long idleTimeoutMs, long slowReaderBytes) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withWeb(String publicUrl, boolean accessLog) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withAllowedOrigins(List<String> origins) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, List.copyOf(origins), uploadBytes, downloadBytes);
  }

  public Hardening withUploadBytes(Rate uploadBytes) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withDownloadBytes(Rate downloadBytes) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, limitSecret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }

  public Hardening withLimitSecret(String secret) {
    return new Hardening(rooms, seats, messages, messageBytes, typing, history, lookups, socketsPerIp,
        trustedProxies, secret, pingIntervalMs, idleTimeoutMs, slowReaderBytes, publicUrl,
        accessLog, allowedOrigins, uploadBytes, downloadBytes);
  }
}
