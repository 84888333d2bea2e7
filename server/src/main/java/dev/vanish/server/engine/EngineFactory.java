package dev.vanish.server.engine;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.engine.redis.RedisEngine;
import io.vertx.core.Vertx;

/** Picks the engine the configuration asks for: Redis when VANISH_REDIS_URL is set, memory otherwise. */
public final class EngineFactory {

  private EngineFactory() {}

  public static Engine create(Vertx vertx, ServerConfig config) {
    if (config.usesRedis()) {
      return new RedisEngine(vertx, config.redisUrl(), config.redisCaFile(), config.redisPrefix(),
          config.historyLimit());
    }
    return new MemoryEngine(vertx, config.historyLimit());
  }
}
