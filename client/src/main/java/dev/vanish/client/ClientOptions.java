// Settings of a VanishClient: request timeout, reconnect backoff, and connection limits (raise them for a
// load generator holding thousands of sockets).
package dev.vanish.client;

import java.time.Duration;

public record ClientOptions(
    Duration requestTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    int httpPoolSize,
    int maxSockets) {

  public static ClientOptions defaults() {
    return new ClientOptions(Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(10), 16, 100_000);
  }

  public ClientOptions withReconnect(Duration min, Duration max) {
    return new ClientOptions(requestTimeout, min, max, httpPoolSize, maxSockets);
  }

  public ClientOptions withRequestTimeout(Duration timeout) {
    return new ClientOptions(timeout, reconnectMin, reconnectMax, httpPoolSize, maxSockets);
  }

  public ClientOptions withConnections(int httpPoolSize, int maxSockets) {
    return new ClientOptions(requestTimeout, reconnectMin, reconnectMax, httpPoolSize, maxSockets);
  }
}
