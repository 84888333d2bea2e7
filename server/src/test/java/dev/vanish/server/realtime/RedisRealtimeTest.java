package dev.vanish.server.realtime;

/** The WebSocket protocol on the Redis engine, against a private redis-server. */
class RedisRealtimeTest extends RealtimeContractTest {
  @Override
  protected boolean useRedis() {
    return true;
  }
}
