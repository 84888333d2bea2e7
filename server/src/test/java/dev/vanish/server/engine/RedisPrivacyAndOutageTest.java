package dev.vanish.server.engine;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.LogCapture;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import dev.vanish.server.testsupport.Eventually;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Redis engine leaves behind: only ciphertext and hashes while a room lives (a plaintext canary,
 * the names, the key and the tokens appear in no Redis value and no log line), nothing once it is gone,
 * and a clean 503 — not a hang — while Redis is down.
 */
class RedisPrivacyAndOutageTest {

  @Test
  void noPlaintextNamesOrKeysReachRedisOrLogs() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         LogCapture logs = LogCapture.capture();
         // Production's per-IP limits on, so the limiter's keys are in Redis to be searched too.
         TestNode node = TestNode.start(withIpLimits(TestNode.testConfig().withRedis(redis.url(), "p" + Ids.random(6))))) {
      Api api = node.api();
      Api.Room room = api.createRoom(60, 2);
      Api.Member a = api.join(room);
      Api.Member b = api.join(room);
      String canary = "canary-" + Ids.random(12);
      String nameA = "anonymous-wolf-" + Ids.random(4);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
        String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext(nameA, "the secret is " + canary));
        sa.sendJson(new JsonObject().put("type", "send").put("body", body).put("ref", "1"));
        JsonObject got = sb.await("message");
        assertThat(TestCrypto.decrypt(room.key(), room.roomId(), got.getString("body"))).contains(canary).contains(nameA);
        assertThat(api.send(b, "http " + canary).status()).isEqualTo(201);
        sa.await("message");
        sa.sendJson(new JsonObject().put("type", "typing"));
        sb.await("typing");
      }

      api.createRoom(null, 2); // a fresh limiter bucket (a creation's bucket lives 3 s) for the search below
      Map<String, String> values = redis.dump();
      assertThat(values).isNotEmpty();
      String everything = String.join("\n", values.keySet()) + "\n" + String.join("\n", values.values());
      List<String> secrets = List.of(canary, nameA, TestCrypto.b64(room.key()), TestCrypto.b64(TestCrypto.msgKey(room.key())),
          TestCrypto.b64(TestCrypto.linkSeed(room.key())), a.token(), b.token());
      for (String secret : secrets) assertThat(everything).doesNotContain(secret);
      assertThat(everything).contains(TestCrypto.linkPublicKey(room.key())); // it is what the server keeps instead
      // The client's address: counted by the limiter, but only as a keyed hash.
      assertThat(values.keySet()).anyMatch(k -> k.contains(":limit:{rooms:"));
      assertThat(everything).doesNotContain("127.0.0.1");

      org.slf4j.LoggerFactory.getLogger("privacy-test").info("capture works");
      String logText = logs.text();
      assertThat(logText).contains("capture works");
      for (String secret : secrets) assertThat(logText).doesNotContain(secret);
      assertThat(logText).doesNotContain(room.roomId()).doesNotContain("127.0.0.1");

      assertThat(api.delete("/api/v1/rooms/" + room.roomId(), a.token()).status()).isEqualTo(204);
      assertThat(redis.keysContaining(room.roomId())).isEmpty();
    }
  }

  @Test
  void expiredRoomsLeaveNoKeys() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "e" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(1, 2);
      Api.Member a = api.join(room);
      api.send(a, "gone soon");
      try (TestSocket s = TestSocket.joined(api.base(), a, null)) {
        s.await("message");
        assertThat(redis.keysContaining(room.roomId())).isNotEmpty();
        s.await("expired", 3000);
      }
      // Redis expires the keys at the room's expiresAt; the socket may hear of it a moment earlier.
      assertThat(Eventually.until("no key of the room left", Duration.ofSeconds(2), () -> redis.keysContaining(room.roomId()),
          List::isEmpty)).isEmpty();
    }
  }

  @Test
  void aRedisOutageAnswers503QuicklyAndHealthStaysUp() {
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "o" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(60, 2);
      Api.Member a = api.join(room);
      assertThat(api.get("/readyz").status()).isEqualTo(200);
      redis.stop();
      long t0 = System.currentTimeMillis();
      Api.Reply r = api.get("/api/v1/rooms/" + room.roomId(), a.token());
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().getString("error")).isEqualTo("unavailable");
      assertThat(System.currentTimeMillis() - t0).isLessThan(2500);
      Api.Reply create = api.tryCreateRoom();
      assertThat(create.status()).isEqualTo(503);
      assertThat(api.get("/healthz").status()).isEqualTo(200);
      assertThat(api.get("/readyz").status()).isEqualTo(503);
      assertThat(api.get("/readyz").json().getString("error")).isEqualTo("unavailable");
    }
  }

  private static dev.vanish.server.config.ServerConfig withIpLimits(dev.vanish.server.config.ServerConfig c) {
    dev.vanish.server.config.Hardening d = dev.vanish.server.config.Hardening.defaults();
    return c.withHardening(c.hardening().withRates(d.rooms(), d.seats(), c.hardening().messages(), c.hardening().typing()));
  }
}
