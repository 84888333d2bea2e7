// A started Backend: the Redis URL and CA file a node or engine is pointed at (none on the memory engine), a
// way to list the keys it stores for "nothing left behind" assertions where the test can see them, and close.
package dev.vanish.server.testsupport;

import java.util.Collection;
import java.util.function.Function;

/**
 * @param redisUrl    the URL for VANISH_REDIS_URL; null on {@link Backend#MEMORY}
 * @param caFile      the test CA for a TLS URL; null otherwise
 * @param keyLister   every stored key whose name contains a fragment; null where the test cannot look (the
 *                    memory engine keeps nothing outside the process, the TLS-only server has no plain port)
 * @param process     what to stop on close
 */
public record RunningBackend(Backend backend, String redisUrl, String caFile,
                             Function<String, Collection<String>> keyLister, AutoCloseable process) implements AutoCloseable {

  /** A single redis-server already started, as {@code backend}. */
  public static RunningBackend of(Backend backend, RedisServerProcess redis) {
    return new RunningBackend(backend, redis.url(), null, redis::keysContaining, redis);
  }

  public boolean usesRedis() {
    return redisUrl != null;
  }

  /** Whether {@link #keysContaining(String)} can see what the backend stores. */
  public boolean canListKeys() {
    return keyLister != null;
  }

  /** Every stored key whose name contains {@code fragment}. */
  public Collection<String> keysContaining(String fragment) {
    if (keyLister == null) throw new IllegalStateException(backend + " cannot list its keys");
    return keyLister.apply(fragment);
  }

  @Override
  public void close() {
    try {
      process.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + backend, e);
    }
  }

  @Override
  public String toString() {
    return backend + (redisUrl == null ? "" : " at " + redisUrl);
  }
}
