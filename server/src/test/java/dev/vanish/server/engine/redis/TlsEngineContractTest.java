// The whole engine contract over TLS with a password (rediss://default:SECRET@…), against a redis-server that
// accepts nothing else, trusting the test's own CA through the CA-file setting (VANISH_REDIS_CA_FILE).
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineContractTest;
import dev.vanish.server.testsupport.RedisTlsProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class TlsEngineContractTest extends EngineContractTest {

  private static RedisTlsProcess redis;

  @BeforeAll
  static void startRedis() {
    redis = new RedisTlsProcess("s3cret-" + randomId().substring(0, 8));
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) redis.close();
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    return new RedisEngine(vertx, redis.url(), redis.caFile(), "t" + randomId().substring(0, 8), historyLimit);
  }
}
