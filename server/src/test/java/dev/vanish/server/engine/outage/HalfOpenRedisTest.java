// The node's command connection to Redis goes silent without closing (a network cut with no reset: the
// kernel would not notice for hours). Commands must fail fast as before (503 within two seconds), and the
// node must stop trusting that connection and dial a new one, instead of timing out every command forever.
package dev.vanish.server.engine.outage;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.FreezingProxy;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalfOpenRedisTest {

  private static Api.Reply create(Api api) {
    return api.post("/api/v1/rooms", new JsonObject().put("accessHash", TestCrypto.accessHash(TestCrypto.newRoomKey())));
  }

  @Test
  void aSilentConnectionIsReplacedAndCommandsWorkAgain() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         FreezingProxy proxy = new FreezingProxy(redis.port());
         TestNode node = TestNode.start(TestNode.testConfig()
             .withRedis("redis://127.0.0.1:" + proxy.port(), "h" + Ids.random(6)))) {
      Api api = node.api();
      assertThat(create(api).status()).isEqualTo(201);
      int before = proxy.connections();

      proxy.freezeOpenConnections();
      long t0 = System.currentTimeMillis();
      Api.Reply first = create(api);
      assertThat(first.status()).as("a command on the silent connection").isEqualTo(503);
      assertThat(first.error()).isEqualTo("unavailable");
      assertThat(System.currentTimeMillis() - t0).as("ms until the 503").isLessThan(2_500);

      Api.Reply later = first;
      while (later.status() != 201 && System.currentTimeMillis() - t0 < 8_000) {
        Thread.sleep(100);
        later = create(api);
      }
      assertThat(later.status()).as("room creation after the node redialled").isEqualTo(201);
      assertThat(System.currentTimeMillis() - t0).as("ms until commands worked again").isLessThan(6_000);
      assertThat(proxy.connections()).as("connections made through the proxy").isGreaterThan(before);
    }
  }
}
