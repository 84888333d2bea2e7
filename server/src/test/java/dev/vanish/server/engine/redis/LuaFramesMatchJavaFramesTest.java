package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.RedisServerProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua scripts build message and presence frames themselves (one round trip: append, publish, no Java in
 * between); these must be the very bytes protocol.Frames builds, on the sharded (Redis 7) and classic (Redis 6)
 * variants alike, both as published and as kept in history.
 */
class LuaFramesMatchJavaFramesTest {

  @Test
  void messageAndPresenceFramesFromRedis7AreTheBytesFramesBuilds() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess()) {
      check(redis);
    }
  }

  @Test
  void messageAndPresenceFramesFromRedis6AreTheBytesFramesBuilds() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.redis6()) {
      check(redis);
    }
  }

  private static void check(RedisServerProcess redis) throws Exception {
    Vertx vertx = Vertx.vertx();
    Context ctx = vertx.getOrCreateContext();
    BlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();
    RedisEngine engine = new RedisEngine(vertx, redis.url(), "f" + Ids.random(6), 10);
    try {
      call(ctx, () -> engine.start((roomId, event) -> events.add(event)));
      String roomId = Ids.roomId();
      long now = System.currentTimeMillis();
      // An expiry far beyond 2^31 ms and a ts with all 13 digits: Lua must not print them as doubles.
      call(ctx, () -> engine.createRoom(new RoomMeta(roomId, Ids.token(), 3, now + 60_000)));
      call(ctx, () -> engine.subscribe(roomId));
      String a = Ids.memberId();
      assertThat(call(ctx, () -> engine.takeSeat(roomId, a, Ids.token(), now, now + 60_000))).isEqualTo(SeatOutcome.SEATED);
      RoomEvent presence = events.poll(5, TimeUnit.SECONDS);
      assertThat(presence).isNotNull();
      assertThat(presence.frame().toString()).isEqualTo(Frames.presence(List.of(new MemberStatus(a, false))));

      String body = "QUJD-_xyz0123456789";
      long ts = 1_765_432_109_876L;
      StoredMessage stored = call(ctx, () -> engine.appendMessage(roomId, a, body, ts));
      RoomEvent published = events.poll(5, TimeUnit.SECONDS);
      assertThat(published).isNotNull();
      assertThat(published.kind()).isEqualTo(RoomEvent.Kind.MESSAGE);
      String expected = Frames.message(stored.id(), ts, a, body);
      assertThat(published.frame().toString()).isEqualTo(expected);
      List<StoredMessage> history = call(ctx, () -> engine.messagesAfter(roomId, 0));
      assertThat(history).singleElement().satisfies(m -> assertThat(m.frame()).isEqualTo(expected));
    } finally {
      call(ctx, engine::close);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T call(Context ctx, Supplier<Future<T>> op) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    ctx.runOnContext(v -> op.get().onComplete(ar -> {
      if (ar.succeeded()) result.complete(ar.result());
      else result.completeExceptionally(ar.cause());
    }));
    return result.get(10, TimeUnit.SECONDS);
  }
}
