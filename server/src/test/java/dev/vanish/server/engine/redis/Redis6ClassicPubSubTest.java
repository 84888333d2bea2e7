// What only Redis 6.2 (the binary the embedded-redis test dependency bundles) shows of the Redis engine
// (EngineContractTest runs the shared contract on it): with no sharded pub/sub there, the engine falls back
// to classic PUBLISH/SUBSCRIBE, one SUBSCRIBE per room channel.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineTestBase;
import dev.vanish.server.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Redis6ClassicPubSubTest extends EngineTestBase {

  private static RedisServerProcess redis;
  private String prefix;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.redis6();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) redis.close();
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    prefix = "t" + randomId().substring(0, 8);
    return new RedisEngine(vertx, redis.url(), prefix, historyLimit);
  }

  @Test
  void fallsBackToClassicPubSub() throws Exception {
    try (var c = redis.client()) {
      assertThat(String.valueOf(c.call("INFO", "server"))).contains("redis_version:6.");
    }
    assertThat(((RedisEngine) engine).sharded()).isFalse();
    String roomId = newRoom(2).roomId();
    call(() -> engine.subscribe(roomId));
    try (var c = redis.client()) {
      assertThat(c.call("PUBSUB", "NUMSUB", new RoomKeys(prefix, roomId).channel)).isEqualTo(List.of(new RoomKeys(prefix, roomId).channel, 1L));
    }
  }
}
