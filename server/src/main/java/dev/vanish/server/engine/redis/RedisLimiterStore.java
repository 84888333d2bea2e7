// The rate limiter's buckets in Redis, shared by every node: one key per bucket, hash-tagged by itself (a
// single-key script, so any Cluster slot will do), counted by redis/rate_limit.lua with the same GCRA as the
// memory store; the key expires when its bucket is full again. The secret is agreed with SET NX, then GET: the
// first node's candidate wins and every node reads the same answer. Runs over the engine's command connection.
package dev.vanish.server.engine.redis;

import dev.vanish.server.limits.LimiterStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;

final class RedisLimiterStore implements LimiterStore {

  private final RedisEngine engine;

  RedisLimiterStore(RedisEngine engine) {
    this.engine = engine;
  }

  @Override
  public Future<Long> hit(String bucketKey, int limit, long windowMs, long now, long cost) {
    String key = engine.prefix() + ":limit:{" + bucketKey + "}";
    return engine.runLimiter(List.of(key), limit, windowMs, now, cost).map(Response::toLong);
  }

  @Override
  public Future<String> sharedSecret(String candidate) {
    String key = engine.prefix() + ":limit-secret";
    return engine.send("shared_secret", Request.cmd(Command.SET).arg(key).arg(candidate).arg("NX"))
        .compose(set -> engine.send("shared_secret", Request.cmd(Command.GET).arg(key)))
        .map(r -> r == null ? candidate : r.toString());
  }
}
