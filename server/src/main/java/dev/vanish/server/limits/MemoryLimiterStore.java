// The limiter's buckets in this node's memory (the memory engine's): event-loop only, so no locks.
package dev.vanish.server.limits;

import io.vertx.core.Future;

public final class MemoryLimiterStore implements LimiterStore {

  private final Gcra buckets = new Gcra();
  private long sweptAt;

  @Override
  public Future<Long> hit(String bucketKey, int limit, long windowMs, long now, long cost) {
    // Buckets that refilled are dropped about once a minute, so quiet clients leave nothing behind.
    if (now - sweptAt > 60_000) {
      buckets.sweep(now);
      sweptAt = now;
    }
    return Future.succeededFuture(buckets.hit(bucketKey, limit, windowMs, now, cost));
  }

  /** One node: its own candidate is the secret. */
  @Override
  public Future<String> sharedSecret(String candidate) {
    return Future.succeededFuture(candidate);
  }
}
