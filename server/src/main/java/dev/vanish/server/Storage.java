// What a node stores in and counts with, as the configuration asks: the Redis engine and its limiter store when
// VANISH_REDIS_URL is set, the memory engine and an in-node limiter store otherwise. Chosen here, at the top of
// the wiring, so that the engine package knows none of its implementations (no engine <-> engine.memory cycle).
package dev.vanish.server;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.engine.redis.RedisEngine;
import dev.vanish.server.limits.LimiterStore;
import dev.vanish.server.limits.MemoryLimiterStore;
import dev.vanish.server.metrics.NodeMetrics;
import io.vertx.core.Vertx;

record Storage(Engine engine, LimiterStore limits) {

  static Storage of(Vertx vertx, ServerConfig config, NodeMetrics metrics) {
    if (config.usesRedis()) {
      RedisEngine redis = new RedisEngine(vertx, config.redisUrl(), config.redisCaFile(), config.redisPrefix(),
          config.historyLimit(), config.roomBytes(), metrics);
      return new Storage(redis, redis.limiterStore());
    }
    return new Storage(new MemoryEngine(vertx, config.historyLimit(), config.roomBytes(),
        config.memoryBudget(), ServerConfig.MESSAGE_OVERHEAD_BYTES), new MemoryLimiterStore());
  }
}
