// Where the Limiter counts: its buckets and the secret that keys their names. MemoryLimiterStore
// keeps them in the node (one node, or a test); the Redis engine's store keeps them in Redis, atomic and shared
// by every node. Both run the same GCRA arithmetic (Gcra, redis/rate_limit.lua), and LimitsContractTest runs on
// both. Called on the event loop; never blocks.
package dev.vanish.server.limits;

import io.vertx.core.Future;

public interface LimiterStore {

  /**
   * Counts one hit on a bucket (GCRA: {@code limit} tokens refilling completely over {@code windowMs}); returns 0
   * when allowed, else the milliseconds until the next hit would be. The bucket is forgotten once full again.
   */
  default Future<Long> hit(String bucketKey, int limit, long windowMs, long now) {
    return hit(bucketKey, limit, windowMs, now, 1);
  }

  /** Counts {@code cost} tokens at once (a message's bytes); a cost beyond {@code limit} is never allowed. */
  Future<Long> hit(String bucketKey, int limit, long windowMs, long now, long cost);

  /** The secret every node uses to hash bucket keys: the stored one, or {@code candidate} if there is none yet. */
  Future<String> sharedSecret(String candidate);
}
