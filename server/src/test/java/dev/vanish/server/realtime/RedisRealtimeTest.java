package dev.vanish.server.realtime;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestNode;

/** The WebSocket protocol on the Redis engine, against a private redis-server. */
class RedisRealtimeTest extends RealtimeContractTest {

  private RedisServerProcess redis;

  @Override
  protected ServerConfig config() {
    redis = new RedisServerProcess();
    return TestNode.testConfig().withRedis(redis.url(), "t" + Ids.random(6));
  }

  @Override
  protected void cleanup() {
    if (redis != null) redis.close();
  }
}
