// The engine for many stateless nodes sharing one Redis: room state in hash-tagged keys that all expire at
// the room's expiresAt (Redis deletes a room with no sweeper), atomic Lua scripts for everything that reads
// then writes, and one pub/sub channel per room for fan-out between nodes. Key layout: see RoomKeys/lib.lua.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.Frames;
import dev.vanish.server.engine.MemberStatus;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

public final class RedisEngine implements Engine {

  // Commands fail rather than hang when Redis is down: the room logic turns failures into HTTP 503.
  private static final long COMMAND_TIMEOUT_MS = 3_000;
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int POOL_SIZE = 16;

  private final Vertx vertx;
  private final String redisUrl;
  private final String prefix;
  private final int historyLimit;

  private Redis redis;
  private RedisSubscriber subscriber;

  public RedisEngine(Vertx vertx, String redisUrl, String prefix, int historyLimit) {
    if (historyLimit < 1) throw new IllegalArgumentException("historyLimit must be at least 1");
    this.vertx = vertx;
    this.redisUrl = redisUrl;
    this.prefix = prefix;
    this.historyLimit = historyLimit;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Future<Void> start(EventSink sink) {
    redis = Redis.createClient(vertx, options(POOL_SIZE));
    subscriber = new RedisSubscriber(vertx, Redis.createClient(vertx, options(1)), prefix, sink);
    List<Request> loads = Arrays.stream(LuaScript.values()).map(LuaScript::load).toList();
    return timed(redis.send(Request.cmd(Command.PING)))
        .compose(pong -> timed(redis.batch(loads)))
        .compose(loaded -> timed(subscriber.start()))
        .recover(err -> {
          String why = RedisUrls.scrub(String.valueOf(err.getMessage()), redisUrl);
          return close().transform(ignored -> Future.<Void>failedFuture(
              new IllegalStateException("cannot use Redis at " + RedisUrls.redact(redisUrl) + ": " + why, err)));
        });
  }

  @Override
  public Future<Void> close() {
    Future<Void> sub = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return sub.otherwiseEmpty().eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }

  @Override
  public Future<Void> ping() {
    return timed(redis.send(Request.cmd(Command.PING))).mapEmpty();
  }

  private RedisOptions options(int poolSize) {
    RedisOptions o = new RedisOptions()
        .setConnectionString(redisUrl)
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(1024)
        .setMaxWaitingHandlers(4096)
        .setPoolRecycleTimeout(15_000);
    o.getNetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true).setTcpNoDelay(true);
    return o;
  }

  private static <T> Future<T> timed(Future<T> f) {
    return f.timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<Response> run(LuaScript script, String roomId, Object... args) {
    return timed(script.run(redis, new RoomKeys(prefix, roomId), args));
  }

  // --- rooms -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> createRoom(RoomMeta room) {
    return run(LuaScript.CREATE_ROOM, room.roomId(), room.accessHash(), room.capacity(), room.expiresAt())
        .compose(r -> r.toInteger() == 1 ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException("room id already in use")));
  }

  @Override
  public Future<RoomMeta> findRoom(String roomId, long now) {
    Request req = Request.cmd(Command.HMGET).arg(new RoomKeys(prefix, roomId).meta)
        .arg("accessHash").arg("capacity").arg("expiresAt");
    return timed(redis.send(req)).map(r -> {
      if (r == null || r.get(0) == null || r.get(1) == null || r.get(2) == null) return null;
      RoomMeta meta = new RoomMeta(roomId, r.get(0).toString(), r.get(1).toInteger(), r.get(2).toLong());
      return meta.expiresAt() <= now ? null : meta;
    });
  }

  @Override
  public Future<Boolean> destroyRoom(String roomId) {
    return run(LuaScript.DESTROY_ROOM, roomId).map(r -> r.toInteger() == 1);
  }

  // --- seats and presence ------------------------------------------------------------------------------

  @Override
  public Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil) {
    return run(LuaScript.TAKE_SEAT, roomId, memberId, tokenHash, now, heldUntil)
        .map(r -> SeatOutcome.valueOf(r.toString()));
  }

  @Override
  public Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil) {
    return run(LuaScript.AUTHENTICATE, roomId, tokenHash, now, heldUntil).map(r -> switch (r.get(0).toString()) {
      case "OK" -> AuthResult.ok(
          new RoomMeta(roomId, r.get(2).toString(), r.get(3).toInteger(), r.get(4).toLong()), r.get(1).toString());
      case "NO_ROOM" -> AuthResult.NO_ROOM;
      default -> AuthResult.NO_SEAT;
    });
  }

  @Override
  public Future<Void> heartbeat(String roomId, String nodeId, Collection<String> memberIds, long onlineUntil,
                                long heldUntil) {
    if (memberIds.isEmpty()) return Future.succeededFuture();
    return run(LuaScript.HEARTBEAT, roomId, nodeId, onlineUntil, heldUntil, List.copyOf(memberIds)).mapEmpty();
  }

  @Override
  public Future<Boolean> releaseSeat(String roomId, String memberId) {
    // The interface passes no time; "online" in the presence this publishes is judged by this node's clock.
    return run(LuaScript.RELEASE_SEAT, roomId, memberId, System.currentTimeMillis()).map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Void> setOnline(String roomId, String memberId, String nodeId, long onlineUntil, long now) {
    return run(LuaScript.SET_ONLINE, roomId, memberId, nodeId, onlineUntil, now).mapEmpty();
  }

  @Override
  public Future<List<MemberStatus>> members(String roomId, long now) {
    return run(LuaScript.MEMBERS, roomId, now).map(r -> {
      List<MemberStatus> out = new ArrayList<>(r.size() / 2);
      for (int i = 0; i + 1 < r.size(); i += 2) out.add(new MemberStatus(r.get(i).toString(), r.get(i + 1).toInteger() == 1));
      return out;
    });
  }

  // --- messages ------------------------------------------------------------------------------------------

  @Override
  public Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts) {
    return run(LuaScript.APPEND_MESSAGE, roomId, memberId, body, ts, historyLimit)
        .map(r -> r == null ? null : StoredMessage.of(r.toLong(), ts, memberId, body));
  }

  @Override
  public Future<List<StoredMessage>> messagesAfter(String roomId, long afterId) {
    return run(LuaScript.MESSAGES_AFTER, roomId, afterId).map(r -> {
      List<StoredMessage> out = new ArrayList<>(r.size());
      for (Response item : r) {
        String frame = item.toString();
        JsonObject json = new JsonObject(frame);
        long id = Long.parseLong(json.getString("id"));
        if (id > afterId) out.add(new StoredMessage(id, json.getLong("ts"), json.getString("memberId"), json.getString("body"), frame));
      }
      return out;
    });
  }

  // --- broker ----------------------------------------------------------------------------------------------

  @Override
  public Future<Void> publishTyping(String roomId, String memberId) {
    String payload = Envelope.encode(RoomEvent.Kind.TYPING, memberId, 0, Frames.typing(memberId));
    return timed(redis.send(Request.cmd(Command.PUBLISH).arg(new RoomKeys(prefix, roomId).channel).arg(payload))).mapEmpty();
  }

  @Override
  public Future<Void> subscribe(String roomId) {
    return timed(subscriber.subscribe(roomId));
  }

  @Override
  public Future<Void> unsubscribe(String roomId) {
    return timed(subscriber.unsubscribe(roomId));
  }
}
