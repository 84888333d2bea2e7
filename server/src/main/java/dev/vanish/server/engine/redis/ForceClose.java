// Closing a Redis connection that went bad, for real. close() on a connection from Vert.x's pool only hands
// it back to the pool, which lends the same socket to the next connect(): fine for a healthy connection, but
// a silent one (a network cut without a reset) would come straight back. Vert.x's internal forceClose() ends
// the socket, and the pool then drops it. A Cluster connection holds one pooled connection per master in a
// field reached by reflection; if a Vert.x upgrade renames it, a cluster connection is only returned to its
// pools (HalfOpenRedisTest, which runs on one server, covers the direct path).
package dev.vanish.server.engine.redis;

import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;

import java.lang.reflect.Field;
import java.util.Map;

final class ForceClose {

  private ForceClose() {}

  static void close(RedisConnection c) {
    if (c instanceof PooledRedisConnection pooled) {
      end(pooled);
    } else {
      try {
        Field f = c.getClass().getDeclaredField("connections");
        f.setAccessible(true);
        for (Object each : ((Map<?, ?>) f.get(c)).values()) {
          if (each instanceof PooledRedisConnection pooled) end(pooled);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // best effort: close() below still returns the connections to their pools
      }
    }
    c.close();
  }

  // Only a connection still valid: one that already failed is closed and will be evicted by the pool, and
  // closing its socket again would make Vert.x end it twice.
  private static void end(PooledRedisConnection pooled) {
    if (pooled.actual().isValid()) pooled.actual().forceClose();
  }
}
