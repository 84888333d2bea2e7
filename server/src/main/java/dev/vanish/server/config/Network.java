// The node's listeners and the bounds on their connections (docs/SECURITY.md, docs/DEPLOY.md): the HTTP idle
// and request-header timeouts, connections per peer address, whether cleartext HTTP/2 is spoken, and where
// /metrics listens. Part of ServerConfig; its defaults are the rows of Settings. Times in milliseconds, so
// tests can use short ones; the settings are in seconds.
package dev.vanish.server.config;

public record Network(
    long httpIdleTimeoutMs,   // an HTTP connection with no traffic for this long is closed (not WebSockets)
    long headerTimeoutMs,     // a request's line and headers must arrive within this of its first byte
    int connectionsPerIp,     // open TCP connections per peer address; 0 = no limit; trusted proxies exempt
    boolean h2c,              // cleartext HTTP/2 (upgrade and prior knowledge)
    String metricsAddress) {  // host:port of the /metrics listener; null = none

  /** The rows' defaults (see {@link Settings}). */
  public static Network defaults() {
    return ServerConfig.defaults().network();
  }

  static Network from(SettingValues v) {
    return new Network(v.get(Settings.HTTP_IDLE_TIMEOUT_SECONDS) * 1000L, v.get(Settings.HEADER_TIMEOUT_SECONDS) * 1000L,
        v.get(Settings.CONNECTIONS_PER_IP), v.get(Settings.H2C), v.get(Settings.METRICS_ADDRESS));
  }

  /** The host of {@link #metricsAddress} (brackets of an IPv6 literal removed). */
  public String metricsHost() {
    String host = metricsAddress.substring(0, metricsAddress.lastIndexOf(':'));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  public int metricsPort() {
    return Integer.parseInt(metricsAddress.substring(metricsAddress.lastIndexOf(':') + 1));
  }

  public Network withTimeouts(long httpIdleTimeoutMs, long headerTimeoutMs) {
    return new Network(httpIdleTimeoutMs, headerTimeoutMs, connectionsPerIp, h2c, metricsAddress);
  }

  public Network withConnectionsPerIp(int n) {
    return new Network(httpIdleTimeoutMs, headerTimeoutMs, n, h2c, metricsAddress);
  }

  public Network withH2c(boolean on) {
    return new Network(httpIdleTimeoutMs, headerTimeoutMs, connectionsPerIp, on, metricsAddress);
  }

  public Network withMetricsAddress(String address) {
    return new Network(httpIdleTimeoutMs, headerTimeoutMs, connectionsPerIp, h2c, address);
  }
}
