// Closing a command connection that went silent, for real. close() on a connection from Vert.x's pool only
// hands it back to the pool, which lends the same socket to the next connect(): fine for a healthy
// connection, but a silent one (a network cut without a reset) would come straight back. Vert.x's internal
// forceClose() ends the socket, and the pool then drops it. Only for a connection that has not failed by
// itself (one that has is already closed; ending it twice trips an assertion in Vert.x). A Cluster
// connection holds one pooled connection per master in a field reached by reflection; if a Vert.x upgrade
// renames it, a cluster connection is only returned to its pools (HalfOpenRedisTest, which runs on one
// server, covers the direct path). Subscribed connections need none of this: the pool closes them itself.
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

  // Not gated on isValid(): that is also false for a healthy connection older than the pool's recycle
  // timeout, which is exactly the age of a long-lived silent one.
  private static void end(PooledRedisConnection pooled) {
    pooled.actual().forceClose();
  }
}
