// A Redis outage while clients chat, end to end over real sockets and a real redis-server:
// - Redis stops: sockets get {"type":"error","error":"unavailable"} and stay open, API calls answer 503 fast,
//   /readyz says 503 and /healthz 200; Redis comes back on the same port (here with its data, from an
//   append-only file): the node reconnects and resubscribes by itself, new rooms work within 5 s and the
//   existing sockets get messages again.
// - Redis comes back empty (no persistence, the recommended setup): the sockets of vanished rooms are told
//   room_not_found and closed with 4404, as a hello would be.
// - Only the node's pub/sub connection drops (CLIENT KILL TYPE pubsub) and stays refused for a while (an
//   ACL): messages sent meanwhile still reach every socket of the node, exactly once and in order, from
//   history once the subscription is back.
package dev.vanish.server.engine.outage;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOutageTest {

  @Test
  void socketsAreToldAndEverythingComesBackWhenRedisDoes() throws Exception {
    Path dataDir = Files.createTempDirectory("vanish-aof");
    // Persistence on, so that the room outlives the restart and its sockets can be seen to work again.
    try (RedisServerProcess redis = new RedisServerProcess("--appendonly", "yes", "--appendfsync", "always",
             "--dir", dataDir.toString());
         // A long seat grace: seats must not lapse just because heartbeats failed during the outage.
         TestNode node = TestNode.start(TestNode.testConfig().withLimits(1, 50, 60).withRedis(redis.url(), "o" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(120, 2);
      Api.Member a = api.join(room);
      Api.Member b = api.join(room);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
        assertThat(api.send(a, "before").status()).isEqualTo(201);
        sb.await("message");
        sa.await("message");

        redis.stop();
        long t0 = System.currentTimeMillis();
        assertThat(sa.await("error", 3000).getString("error")).isEqualTo("unavailable");
        assertThat(sb.await("error", 3000).getString("error")).isEqualTo("unavailable");
        Api.Reply during = api.get("/api/v1/rooms/" + room.roomId(), a.token());
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.error()).isEqualTo("unavailable");
        assertThat(System.currentTimeMillis() - t0).as("ms until sockets were told and the API answered").isLessThan(2000);
        assertThat(api.send(b, "lost").status()).isEqualTo(503);
        assertThat(api.get("/readyz").status()).isEqualTo(503);
        assertThat(api.get("/healthz").status()).isEqualTo(200);
        assertThat(sa.isClosed()).isFalse();
        assertThat(sb.isClosed()).isFalse();

        redis.start();
        long restarted = System.currentTimeMillis();
        Api.Room fresh = null;
        while (fresh == null && System.currentTimeMillis() - restarted < 5_000) {
          Api.Reply r = api.tryCreateRoom();
          if (r.status() == 201) fresh = api.createRoom(60, 2);
          else Thread.sleep(100);
        }
        assertThat(fresh).as("a room created within 5 s of the restart").isNotNull();
        try (TestSocket sf = TestSocket.joined(api.base(), api.join(fresh), null)) {
          assertThat(sf.isClosed()).isFalse();
        }
        assertThat(api.get("/readyz").status()).isEqualTo(200);

        // The old sockets are subscribed again without anyone reconnecting them.
        JsonObject got = Eventually.until("a message on an old socket after the restart", Duration.ofSeconds(5),
            Duration.ZERO, () -> {
              assertThat(api.send(a, "after").status()).isEqualTo(201);
              return sb.poll("message", 500);
            }, Objects::nonNull);
        assertThat(got).as("a message on an old socket after the restart").isNotNull();
        assertThat(TestCrypto.decrypt(room.key(), room.roomId(), got.getString("body"))).contains("after");
        assertThat(System.currentTimeMillis() - restarted).isLessThan(5_000);
      }
    } finally {
      // Redis 7 keeps its append-only files in a subdirectory.
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void withoutPersistenceTheRoomsAreGoneAndTheirSocketsAreToldSo() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withLimits(1, 50, 60).withRedis(redis.url(), "g" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(120, 2);
      Api.Member a = api.join(room);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null)) {
        redis.stop();
        assertThat(sa.await("error", 3000).getString("error")).isEqualTo("unavailable");
        redis.start(); // empty: ephemeral by design
        assertThat(sa.await("error", 5000).getString("error")).isEqualTo("room_not_found");
        assertThat(sa.awaitClose()).isEqualTo(4404);
        assertThat(api.get("/api/v1/rooms/" + room.roomId(), a.token()).status()).isIn(401, 404);
      }
    }
  }

  @Test
  void messagesSentWhileTheSubscriptionWasDownArriveExactlyOnce() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withLimits(1, 50, 60).withRedis(redis.url(), "k" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(120, 3);
      Api.Member a = api.join(room);
      Api.Member b = api.join(room);
      Api.Member c = api.join(room);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
        assertThat(api.send(c, "m1").status()).isEqualTo(201);
        assertThat(sa.await("message").getString("id")).isEqualTo("1");
        assertThat(sb.await("message").getString("id")).isEqualTo("1");

        try (RespClient admin = redis.client()) {
          // Refuse subscriptions, then drop the node's pub/sub connection: it cannot resubscribe for now.
          admin.call("ACL", "SETUSER", "default", "-subscribe", "-ssubscribe");
          assertThat((Long) admin.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);
          assertThat(sa.await("error", 3000).getString("error")).isEqualTo("unavailable");
          assertThat(sb.await("error", 3000).getString("error")).isEqualTo("unavailable");
          for (int i = 2; i <= 4; i++) assertThat(api.send(c, "m" + i).status()).isEqualTo(201);
          assertThat(sa.poll("message", 500)).as("no live delivery while unsubscribed").isNull();
          admin.call("ACL", "SETUSER", "default", "+subscribe", "+ssubscribe");
        }
        // Caught up from history once resubscribed, then live again.
        List<String> idsA = new ArrayList<>();
        List<String> idsB = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          idsA.add(sa.await("message", 5000).getString("id"));
          idsB.add(sb.await("message", 5000).getString("id"));
        }
        assertThat(idsA).containsExactly("2", "3", "4");
        assertThat(idsB).containsExactly("2", "3", "4");
        assertThat(api.send(c, "m5").status()).isEqualTo(201);
        assertThat(sa.await("message").getString("id")).isEqualTo("5");
        assertThat(sb.await("message").getString("id")).isEqualTo("5");
        assertThat(sa.poll("message", 500)).as("nothing twice").isNull();
        assertThat(sb.seen().stream().filter(f -> "message".equals(f.getString("type"))).count()).isEqualTo(5);
        assertThat(sa.isClosed()).isFalse();
      }
    }
  }
}
