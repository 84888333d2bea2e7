// What only a single redis-server shows of the Redis engine (EngineContractTest runs the shared contract on
// it): every key of a room hash-tagged and expiring with the room, sharded pub/sub where Redis has it, clear
// start-up errors that never echo the password, surviving a flushed script cache, and pub/sub coming back
// after a Redis restart. A private redis-server for the class, a fresh key prefix per test.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineTestBase;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RedisKeysStartupAndReconnectionTest extends EngineTestBase {

  private static RedisServerProcess redis;
  private String prefix;

  @BeforeAll
  static void startRedis() {
    redis = new RedisServerProcess();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) redis.close();
  }

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    redis.start(); // a test may have stopped it
    prefix = "t" + randomId().substring(0, 8);
    return new RedisEngine(vertx, redis.url(), prefix, historyLimit);
  }

  @Test
  void everyKeyOfARoomIsHashTaggedAndExpires() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    seat(room, a, randomId(), now() + 60_000);
    call(() -> engine.setOnline(room.roomId(), a, "node1", now() + 60_000, now()));
    call(() -> engine.appendMessage(room.roomId(), a, "Ym9keQ", now()));
    List<String> keys = redis.keysContaining(room.roomId());
    assertThat(keys).hasSize(8).allMatch(k -> k.contains(":{" + room.roomId() + "}:"));
    try (var c = redis.client()) {
      for (String k : keys) {
        // PTTL rather than PEXPIRETIME: the fallback redis-server of embedded-redis is 6.2.
        long ttl = (Long) c.call("PTTL", k);
        assertThat(now() + ttl).as(k).isCloseTo(room.expiresAt(), within(1_000L));
      }
    }
  }

  @Test
  void usesShardedPubSubWhereRedisHasIt() throws Exception {
    boolean redis7;
    try (var c = redis.client()) {
      redis7 = !String.valueOf(c.call("INFO", "server")).matches("(?s).*redis_version:[1-6]\\..*");
    }
    assertThat(((RedisEngine) engine).sharded()).isEqualTo(redis7);
    RoomMeta room = newRoom(2);
    call(() -> engine.subscribe(room.roomId()));
    String channel = new RoomKeys(prefix, room.roomId()).channel;
    try (var c = redis.client()) {
      List<?> numsub = (List<?>) c.call("PUBSUB", redis7 ? "SHARDNUMSUB" : "NUMSUB", channel);
      assertThat(numsub.get(1)).isEqualTo(1L);
    }
  }

  @Test
  void startFailsClearlyWhenRedisIsUnreachable() throws Exception {
    RedisServerProcess gone = new RedisServerProcess();
    gone.close();
    Engine unreachable = new RedisEngine(vertx, "redis://user:hunter2@127.0.0.1:" + gone.port(), "x", 5);
    assertThatThrownBy(() -> call(() -> unreachable.start((r, e) -> {})))
        .isInstanceOf(ExecutionException.class)
        .cause().hasMessageContaining("cannot use Redis at redis://127.0.0.1:" + gone.port())
        .message().doesNotContain("hunter2");
  }

  @Test
  void startFailsClearlyOnBadPassword() throws Exception {
    try (RedisServerProcess locked = new RedisServerProcess("--requirepass", "s3cret")) {
      Engine wrong = new RedisEngine(vertx, "redis://:hunter2@127.0.0.1:" + locked.port(), "x", 5);
      assertThatThrownBy(() -> call(() -> wrong.start((r, e) -> {})))
          .cause().hasMessageContaining("cannot use Redis at redis://127.0.0.1:" + locked.port())
          .message().doesNotContain("hunter2");
      Engine right = new RedisEngine(vertx, "redis://:s3cret@127.0.0.1:" + locked.port(), "x", 5);
      call(() -> right.start((r, e) -> {}));
      RoomMeta room = new RoomMeta(randomId(), "aGFzaA", 2, now() + 60_000);
      call(() -> right.createRoom(room));
      assertThat(call(() -> right.findRoom(room.roomId(), now()))).isEqualTo(room);
      call(right::close);
    }
  }

  @Test
  void scriptsSurviveAFlushedScriptCache() throws Exception {
    RoomMeta room = newRoom(2);
    try (var c = redis.client()) {
      c.call("SCRIPT", "FLUSH");
    }
    StoredMessage m = call(() -> engine.appendMessage(room.roomId(), randomId(), "Ym9keQ", now()));
    assertThat(m.id()).isEqualTo(1);
  }

  @Test
  void subscriptionsComeBackAfterARedisRestart() throws Exception {
    RoomMeta room = newRoom(2);
    String a = randomId();
    call(() -> engine.subscribe(room.roomId()));
    redis.stop();
    redis.start();
    // Commands fail until the pools reconnect; the subscriber resubscribes with backoff.
    Seen seen = Eventually.until("a typing event after the restart", Duration.ofSeconds(15), Duration.ZERO, () -> {
      try {
        call(() -> engine.publish(room.roomId(), RoomEvent.typing(a)));
      } catch (Exception redisStillDown) {
        // retry
      }
      return pollEvent(200);
    }, Objects::nonNull);
    assertThat(seen).as("an event after the restart").isNotNull();
    assertThat(seen.event().kind()).isEqualTo(RoomEvent.Kind.TYPING);
  }

  private Seen pollEvent(long ms) {
    try {
      return events.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
