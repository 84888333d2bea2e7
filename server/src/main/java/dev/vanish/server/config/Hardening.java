package dev.vanish.server.config;

import java.util.List;

/**
 * The abuse-resistance and privacy settings of a node (docs/SECURITY.md explains each): rate limits, which
 * peers are trusted proxies for X-Forwarded-For, the secret of limiter keys, socket health (pings, slow
 * readers), the public URL (HSTS) and the opt-in access log. Part of {@link ServerConfig}.
 */
public record Hardening(
    Rate rooms,                 // room creations per client IP
    Rate seats,                 // seat-taking (POST …/members) per client IP
    Rate messages,              // messages per member (socket and HTTP together)
    Rate typing,                // typing frames per member
    int socketsPerIp,           // concurrent sockets per client IP on one node; 0 = off
    List<String> trustedProxies, // addresses or CIDR ranges, already validated
    String limitSecret,         // keys the limiter's hashes; null = random, shared through the engine
    long pingIntervalMs,
    long idleTimeoutMs,
    long slowReaderBytes,       // bytes queued to a socket that cannot take them before it is closed
    String publicUrl,           // null = unknown; https:// turns on HSTS
    boolean accessLog) {

  public static Hardening defaults() {
    return new Hardening(new Rate(20, 60_000), new Rate(60, 60_000), new Rate(20, 2_000), new Rate(2, 1_000),
        50, List.of(), null, 25_000, 60_000, 1024 * 1024, null, false);
  }

  public boolean https() {
    return publicUrl != null && publicUrl.startsWith("https://");
  }

  public Hardening withRates(Rate rooms, Rate seats, Rate messages, Rate typing) {
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, trustedProxies, limitSecret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }

  public Hardening withSocketsPerIp(int n) {
    return new Hardening(rooms, seats, messages, typing, n, trustedProxies, limitSecret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }

  public Hardening withTrustedProxies(List<String> proxies) {
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, List.copyOf(proxies), limitSecret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }

  public Hardening withSockets(long pingIntervalMs, long idleTimeoutMs, long slowReaderBytes) {
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, trustedProxies, limitSecret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }

  public Hardening withWeb(String publicUrl, boolean accessLog) {
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, trustedProxies, limitSecret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }

  public Hardening withLimitSecret(String secret) {
    return new Hardening(rooms, seats, messages, typing, socketsPerIp, trustedProxies, secret, pingIntervalMs,
        idleTimeoutMs, slowReaderBytes, publicUrl, accessLog);
  }
}
