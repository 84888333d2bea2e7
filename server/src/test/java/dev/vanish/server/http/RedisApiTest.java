package dev.vanish.server.http;

/** The HTTP API on the Redis engine, against a private redis-server. */
class RedisApiTest extends ApiContractTest {
  @Override
  protected boolean useRedis() {
    return true;
  }
}
