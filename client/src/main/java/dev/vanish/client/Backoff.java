// Reconnect delays: exponential from a minimum to a maximum, with "equal jitter" (half fixed, half random)
// so thousands of sessions dropped at once do not reconnect in lockstep.
package dev.vanish.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

final class Backoff {

  private final long minMs;
  private final long maxMs;
  private int attempt;

  Backoff(Duration min, Duration max) {
    this.minMs = Math.max(1, min.toMillis());
    this.maxMs = Math.max(minMs, max.toMillis());
  }

  /** The delay before the next attempt, growing with each call until {@link #reset()}. */
  long nextDelayMs() {
    long ceiling = Math.min(maxMs, minMs << Math.min(attempt, 20));
    attempt++;
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  void reset() {
    attempt = 0;
  }

  int attempts() {
    return attempt;
  }
}
