// The node's connections to Redis go silent without closing (a network cut with no reset: the kernel would
// not notice for hours), through a TCP proxy that freezes the connections open at that moment.
// - The command connection: commands fail fast as before (503 within two seconds), then the node stops
//   trusting that connection and dials a new one, instead of timing out every command forever.
// - The pub/sub connection, which only listens: its PING goes unanswered, the node reconnects and
//   resubscribes, and a socket gets the message that was published while its subscription was dead.
package dev.vanish.server.engine.outage;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.FreezingProxy;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import dev.vanish.server.testsupport.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HalfOpenRedisTest {

  @Test
  void aSilentConnectionIsReplacedAndCommandsWorkAgain() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         FreezingProxy proxy = new FreezingProxy(redis.port());
         TestNode node = TestNode.start(TestNode.testConfig()
             .withRedis("redis://127.0.0.1:" + proxy.port(), "h" + Ids.random(6)))) {
      Api api = node.api();
      assertThat(api.tryCreateRoom().status()).isEqualTo(201);
      int before = proxy.connections();
      // Older than the pool's recycle timeout (15 s), as a long-lived connection is: Vert.x then calls it
      // not valid although it is in use, and the node must still close it for real rather than trust that.
      Thread.sleep(16_000);
      assertThat(api.tryCreateRoom().status()).isEqualTo(201);

      proxy.freezeOpenConnections();
      long t0 = System.currentTimeMillis();
      Api.Reply first = api.tryCreateRoom();
      assertThat(first.status()).as("a command on the silent connection").isEqualTo(503);
      assertThat(first.error()).isEqualTo("unavailable");
      assertThat(System.currentTimeMillis() - t0).as("ms until the 503").isLessThan(2_500);

      Api.Reply later = Eventually.until("a room created once the node redialled", Duration.ofSeconds(8),
          Duration.ofMillis(100), api::tryCreateRoom, r -> r.status() == 201);
      assertThat(later.status()).as("room creation after the node redialled").isEqualTo(201);
      assertThat(System.currentTimeMillis() - t0).as("ms until commands worked again").isLessThan(6_000);
      assertThat(proxy.connections()).as("connections made through the proxy").isGreaterThan(before);
    }
  }

  @Test
  void aSilentSubscriptionIsNoticedAndTheMissedMessageArrives() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         FreezingProxy proxy = new FreezingProxy(redis.port());
         TestNode node = TestNode.start(TestNode.testConfig().withLimits(1, 50, 60)
             .withRedis("redis://127.0.0.1:" + proxy.port(), "h" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(120, 2);
      Api.Member a = api.join(room);
      Api.Member b = api.join(room);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null)) {
        assertThat(api.send(b, "before").status()).isEqualTo(201);
        assertThat(sa.await("message").getString("memberId")).isEqualTo(b.memberId());

        proxy.freezeOpenConnections();
        Api.Reply sent = Eventually.until("a send once the command connection was redialled", Duration.ofSeconds(8),
            Duration.ofMillis(100), () -> api.send(b, "during"), r -> r.status() == 201);
        assertThat(sent.status()).as("a send once the command connection was redialled").isEqualTo(201);
        String id = sent.json().getString("id");

        // Published while the node's subscription is dead: it must come from the catch-up after the
        // subscriber noticed (unanswered PING: at most 5 + 3 s) and resubscribed.
        io.vertx.core.json.JsonObject got = sa.await("message", 15_000);
        assertThat(got.getString("id")).isEqualTo(id);
        assertThat(got.getString("memberId")).isEqualTo(b.memberId());
        assertThat(sa.seen()).as("frames on the socket").anySatisfy(f ->
            assertThat(f.getString("error")).isEqualTo("unavailable"));
        assertThat(sa.isClosed()).isFalse();
      }
    }
  }
}
