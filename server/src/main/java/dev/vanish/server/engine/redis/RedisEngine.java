// The engine for many stateless nodes sharing one Redis: room state in hash-tagged keys that all expire at
// the room's expiresAt (Redis deletes a room with no sweeper), atomic Lua scripts for everything that reads
// then writes, and one pub/sub channel per room for fan-out between nodes: sharded (SPUBLISH/SSUBSCRIBE, the
// channel in the room's slot) on Redis 7+, classic PUBLISH/SUBSCRIBE on Redis 6. One server or a Cluster
// (RedisTarget). Key layout: see RoomKeys/lib.lua; operators' guide: docs/REDIS.md.
// Every backend failure of a call (connection refused or lost, a timeout, an error reply) is declared here, as
// VanishError.unavailable, and counted by operation (vanish_engine_errors) — except Redis's OOM reply at
// maxmemory, declared as VanishError.storageFull and not counted; whatever fails after a reply was read is a
// bug of ours and stays one.
package dev.vanish.server.engine.redis;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.FileStore;
import dev.vanish.server.engine.HistoryPage;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.limits.LimiterStore;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.protocol.MemberStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

public final class RedisEngine implements Engine {

  // Commands fail rather than hang when Redis is down or unreachable (even on a half-open connection): the
  // room logic turns failures into HTTP 503 within two seconds. Start-up may take longer (script loading).
  private static final long COMMAND_TIMEOUT_MS = 1_800;
  private static final long START_TIMEOUT_MS = 10_000;
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  // Commands share one pipelined connection (PipelinedRedis); the pool under it only makes that connection
  // and, on a Cluster, the per-master connections and the client's slot-map refreshes.
  private static final int POOL_SIZE = 8;

  private static final long DEFAULT_ROOM_BYTES = 4L << 20;

  private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)");

  private final Vertx vertx;
  private final String redisUrl;
  private final String caFile;
  private final String prefix;
  private final int historyLimit;
  private final long roomBytes;
  private final NodeMetrics metrics;

  private PipelinedRedis redis;
  private RedisSubscriber subscriber;
  /** Sharded (Redis 7+) or classic pub/sub; decided once at start. */
  private PubSubKind pubSub = PubSubKind.CLASSIC;
  /** What CONFIG GET said at start (RedisConfigCheck.PARAMETERS), or null when Redis refused it. */
  private volatile Map<String, String> config;
  private volatile String configRefusal = "not read yet";

  public RedisEngine(Vertx vertx, String redisUrl, String prefix, int historyLimit) {
    this(vertx, redisUrl, null, prefix, historyLimit, NodeMetrics.NONE);
  }

  /** @param caFile a PEM file of CA certificates to trust for rediss://, or null for the JVM trust store */
  public RedisEngine(Vertx vertx, String redisUrl, String caFile, String prefix, int historyLimit) {
    this(vertx, redisUrl, caFile, prefix, historyLimit, NodeMetrics.NONE);
  }

  /** With the default room byte budget (VANISH_ROOM_BYTES). */
  public RedisEngine(Vertx vertx, String redisUrl, String caFile, String prefix, int historyLimit, NodeMetrics metrics) {
    this(vertx, redisUrl, caFile, prefix, historyLimit, DEFAULT_ROOM_BYTES, metrics);
  }

  /**
   * @param caFile a PEM file of CA certificates to trust for rediss://, or null for the JVM trust store
   * @param metrics counts backend failures by operation
   */
  public RedisEngine(Vertx vertx, String redisUrl, String caFile, String prefix, int historyLimit, long roomBytes,
                     NodeMetrics metrics) {
    if (historyLimit < 1) throw new IllegalArgumentException("historyLimit must be at least 1");
    if (roomBytes < ServerConfig.MIN_ROOM_BYTES) throw new IllegalArgumentException("roomBytes below " + ServerConfig.MIN_ROOM_BYTES);
    this.roomBytes = roomBytes;
    this.vertx = vertx;
    this.redisUrl = redisUrl;
    this.caFile = caFile;
    this.prefix = prefix;
    this.historyLimit = historyLimit;
    this.metrics = metrics;
  }

  /** The rate limiter's buckets in this Redis, shared by every node, over the engine's connection. */
  public LimiterStore limiterStore() {
    return new RedisLimiterStore(this);
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Future<Void> start(EventSink sink) {
    RedisTarget target;
    try {
      target = RedisTarget.parse(redisUrl, caFile);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new IllegalStateException("cannot use Redis at " + RedisUrls.redact(redisUrl) + ": " + e.getMessage()));
    }
    Redis pooled = Redis.createClient(vertx, target.options(POOL_SIZE, CONNECT_TIMEOUT_MS));
    redis = new PipelinedRedis(pooled);
    return slow(pooled.send(Request.cmd(Command.INFO).arg("server")))
        .compose(info -> {
          Matcher m = VERSION.matcher(info == null ? "" : info.toString());
          pubSub = PubSubKind.forMajorVersion(m.find() ? Integer.parseInt(m.group(1)) : 0);
          // A cluster client refreshes its slot map every second over a pooled connection of its own: with a
          // pool of one per node, held by the subscription, that refresh (and every command after it) would
          // wait forever.
          int subscriberPool = target.cluster() ? 2 : 1;
          Redis subscriberClient = Redis.createClient(vertx, target.options(subscriberPool, CONNECT_TIMEOUT_MS));
          subscriber = new RedisSubscriber(vertx, subscriberClient, prefix, pubSub, sink);
          return slow(loadScripts(pooled, target.cluster()));
        })
        .compose(loaded -> slow(subscriber.start()))
        .compose(v -> readConfig(pooled))
        .recover(err -> {
          String why = RedisUrls.scrub(explain(err), redisUrl);
          return close().transform(ignored -> Future.<Void>failedFuture(
              new IllegalStateException("cannot use Redis at " + RedisUrls.redact(redisUrl) + ": " + why, err)));
        });
  }

  /** Persistence and eviction settings, for the start-up warnings; a refusal (managed Redis) is no failure. */
  private Future<Void> readConfig(Redis pooled) {
    return RedisConfigCheck.read(pooled).timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(c -> config = c)
        .onFailure(e -> configRefusal = RedisUrls.scrub(String.valueOf(e.getMessage()), redisUrl))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /** The CONFIG values read at start (RedisConfigCheck.PARAMETERS), or null when Redis did not allow CONFIG. */
  public Map<String, String> config() {
    return config;
  }

  /** Why CONFIG could not be read (when {@link #config()} is null). */
  public String configRefusal() {
    return configRefusal;
  }

  /** Standalone: one batch. Cluster: every master, since EVALSHA runs on whichever master owns the room. */
  private Future<?> loadScripts(Redis pooled, boolean cluster) {
    List<Request> loads = Arrays.stream(LuaScript.values()).map(s -> s.load(pubSub)).toList();
    if (!cluster) return pooled.batch(loads);
    RedisCluster nodes = RedisCluster.create(pooled);
    return Future.all(loads.stream().map(nodes::onAllMasterNodes).toList());
  }

  /** A start-up failure in words an operator can act on (TLS errors are otherwise deep in the cause chain). */
  private static String explain(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return "TLS handshake failed (" + t.getClass().getSimpleName() + "): is the server's certificate trusted "
            + "(VANISH_REDIS_CA_FILE) and issued for this host name?";
      }
    }
    String msg = String.valueOf(err.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    if (msg.contains("WRONGPASS") || msg.contains("NOAUTH") || msg.contains("invalid password")) {
      return "authentication failed (wrong user or password in VANISH_REDIS_URL): " + msg;
    }
    return msg;
  }

  @Override
  public Future<Void> close() {
    Future<Void> sub = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return sub.otherwiseEmpty().eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }

  @Override
  public Future<Void> ping() {
    return timed("ping", redis.send(Request.cmd(Command.PING))).mapEmpty();
  }

  /**
   * A command on the command connection, which is dropped if it has gone silent (see PipelinedRedis): bounded in
   * time, and any failure of it declared an outage of operation {@code op}.
   */
  private <T> Future<T> timed(String op, Future<T> f) {
    long sent = System.nanoTime();
    return declared(op, bounded(f).onFailure(err -> {
      if (err instanceof TimeoutException) redis.timedOut(sent);
    }));
  }

  /**
   * Fails with VanishError.unavailable (counted under {@code op}) when the backend failed — except Redis's
   * "-OOM command not allowed when used memory > 'maxmemory'" reply: Redis is up and answering but full, which
   * is storage_full (507), not an outage, and not counted as one (RedisMaxmemoryTest).
   */
  private <T> Future<T> declared(String op, Future<T> f) {
    return f.recover(err -> {
      if (isOutOfMemory(err)) return Future.failedFuture(VanishError.storageFull());
      metrics.engineError(op);
      return Future.failedFuture(err instanceof VanishError e ? e : VanishError.unavailable(err));
    });
  }

  /** Redis's OOM error reply (also when raised inside a script, where Redis prefixes it with the script's words). */
  static boolean isOutOfMemory(Throwable err) {
    String msg = err.getMessage();
    return msg != null && (msg.startsWith("OOM ") || msg.contains("-OOM ") || msg.contains(" OOM command not allowed"));
  }

  /** Fails with a timeout rather than hang: the room logic turns that into 503 within two seconds. */
  private static <T> Future<T> bounded(Future<T> f) {
    return f.timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static <T> Future<T> slow(Future<T> f) {
    return f.timeout(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<Response> run(LuaScript script, String roomId, Object... args) {
    return timed(script.operation(), script.run(redis, pubSub, new RoomKeys(prefix, roomId), args));
  }

  /** The rate-limit script, for RedisLimiterStore. */
  Future<Response> runLimiter(List<String> keys, Object... args) {
    return timed(LuaScript.RATE_LIMIT.operation(), LuaScript.RATE_LIMIT.runOn(redis, pubSub, keys, args));
  }

  /** A plain command, for RedisLimiterStore. */
  Future<Response> send(String op, Request request) {
    return timed(op, redis.send(request));
  }

  String prefix() {
    return prefix;
  }

  // --- rooms -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> createRoom(RoomMeta room) {
    return run(LuaScript.CREATE_ROOM, room.roomId(), room.publicKey(),
        room.passphraseKey() == null ? "" : room.passphraseKey(), room.attempts(), room.capacity(), room.expiresAt(),
        System.currentTimeMillis())
        .compose(r -> r.toInteger() == 1 ? Future.succeededFuture() : Future.failedFuture(VanishError.roomExists()));
  }

  /** The meta fields in find_room's order (publicKey, passphraseKey, attempts, capacity, expiresAt, failures, trimmed). */
  private static final String[] META_FIELDS = {"publicKey", "passphraseKey", "attempts", "capacity", "expiresAt", "failures", "trimmed"};

  /** A RoomMeta from META_FIELDS' values at {@code r[from..]}; null when the room is incomplete (never created). */
  private static RoomMeta meta(String roomId, Response r, int from) {
    if (r == null || r.get(from) == null || r.get(from + 3) == null || r.get(from + 4) == null) return null;
    String passphraseKey = text(r.get(from + 1));
    return new RoomMeta(roomId, r.get(from).toString(), passphraseKey == null || passphraseKey.isEmpty() ? null : passphraseKey,
        number(r.get(from + 2)), r.get(from + 3).toInteger(), r.get(from + 4).toLong(), number(r.get(from + 5)),
        r.get(from + 6) == null ? 0 : Long.parseLong(r.get(from + 6).toString()));
  }

  private static String text(Response r) {
    return r == null ? null : r.toString();
  }

  private static int number(Response r) {
    String s = text(r);
    return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
  }

  @Override
  public Future<RoomMeta> findRoom(String roomId, long now) {
    Request req = Request.cmd(Command.HMGET).arg(new RoomKeys(prefix, roomId).meta);
    for (String f : META_FIELDS) req.arg(f);
    return timed("find_room", redis.send(req)).map(r -> {
      RoomMeta meta = meta(roomId, r, 0);
      return meta == null || meta.expiresAt() <= now ? null : meta;
    });
  }

  @Override
  public Future<Boolean> destroyRoom(String roomId) {
    return run(LuaScript.DESTROY_ROOM, roomId).map(r -> r.toInteger() == 1);
  }

  // --- seats and presence ------------------------------------------------------------------------------

  @Override
  public Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil,
                                      String nonce, long nonceUntil) {
    return run(LuaScript.TAKE_SEAT, roomId, memberId, tokenHash, now, heldUntil, nonce == null ? "" : nonce, nonceUntil)
        .map(r -> SeatOutcome.valueOf(r.toString()));
  }

  @Override
  public Future<Integer> countWrongPassphrase(String roomId, String nonce, long nonceUntil, long now) {
    return run(LuaScript.WRONG_PASSPHRASE, roomId, nonce, nonceUntil, now).map(Response::toInteger);
  }

  @Override
  public Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil) {
    return run(LuaScript.AUTHENTICATE, roomId, tokenHash, now, heldUntil).map(r -> switch (r.get(0).toString()) {
      case "OK" -> AuthResult.ok(meta(roomId, r, 2), r.get(1).toString());
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
    return run(LuaScript.APPEND_MESSAGE, roomId, memberId, body, ts, historyLimit, roomBytes)
        .map(r -> r == null ? null : StoredMessage.of(r.toLong(), ts, memberId, body));
  }

  @Override
  public Future<HistoryPage> messagesAfter(String roomId, long afterId, int maxCount, int maxBytes) {
    return run(LuaScript.MESSAGES_AFTER, roomId, afterId, maxCount, maxBytes).map(r -> {
      List<StoredMessage> out = new ArrayList<>(r.size() - 2);
      for (int i = 2; i < r.size(); i++) {
        String frame = r.get(i).toString();
        JsonObject json = new JsonObject(frame);
        long id = Long.parseLong(json.getString("id"));
        if (id > afterId) out.add(new StoredMessage(id, json.getLong("ts"), json.getString("memberId"), json.getString("body"), frame));
      }
      return new HistoryPage(out, r.get(0).toInteger() == 1, Long.parseLong(r.get(1).toString()));
    });
  }

  // --- files ---------------------------------------------------------------------------------------------------

  @Override
  public Future<Declared> declareFile(String roomId, String uploader, long size, int chunks, long reserve,
                                      long roomFileBytes, long now) {
    String fileId = FileStore.newFileId();
    return run(LuaScript.DECLARE_FILE, roomId, fileId, uploader, size, chunks, reserve, roomFileBytes, now).map(r -> {
      DeclareOutcome outcome = DeclareOutcome.valueOf(r.toString());
      return outcome == DeclareOutcome.DECLARED ? new Declared(outcome, fileId) : Declared.of(outcome);
    });
  }

  @Override
  public Future<FileInfo> findFile(String roomId, String fileId) {
    RoomKeys keys = new RoomKeys(prefix, roomId);
    return timed("find_file", redis.send(Request.cmd(Command.HGET).arg(keys.files).arg(fileId))).map(r -> {
      if (r == null) return null;
      String[] f = r.toString().split("\\|", -1); // uploader|size|chunks|reserved
      return new FileInfo(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]));
    });
  }

  @Override
  public Future<PutOutcome> putChunk(String roomId, String fileId, String memberId, int index, Buffer chunk) {
    return run(LuaScript.PUT_CHUNK, roomId, fileId, memberId, index, chunk).map(r -> PutOutcome.valueOf(r.toString()));
  }

  @Override
  public Future<Buffer> getChunk(String roomId, String fileId, int index) {
    RoomKeys keys = new RoomKeys(prefix, roomId);
    return timed("get_chunk", redis.send(Request.cmd(Command.HGET).arg(keys.chunks).arg(fileId + ":" + index)))
        .map(r -> r == null ? null : r.toBuffer());
  }

  @Override
  public Future<DeleteOutcome> deleteFile(String roomId, String fileId, String memberId) {
    return run(LuaScript.DELETE_FILE, roomId, fileId, memberId).map(r -> DeleteOutcome.valueOf(r.toString()));
  }

  // --- broker ----------------------------------------------------------------------------------------------

  @Override
  public Future<Void> publish(String roomId, RoomEvent event) {
    String payload = Envelope.encode(event.kind(), event.memberId(), event.messageId(), event.frame().toString());
    return timed("publish", redis.send(Request.cmd(pubSub.publish).arg(new RoomKeys(prefix, roomId).channel).arg(payload))).mapEmpty();
  }

  /** Whether room events use sharded pub/sub (for tests and the start-up line). */
  public boolean sharded() {
    return pubSub == PubSubKind.SHARDED;
  }

  @Override
  public Future<Void> subscribe(String roomId) {
    return declared("subscribe", bounded(subscriber.subscribe(roomId)));
  }

  @Override
  public Future<Void> unsubscribe(String roomId) {
    return declared("unsubscribe", bounded(subscriber.unsubscribe(roomId)));
  }
}
