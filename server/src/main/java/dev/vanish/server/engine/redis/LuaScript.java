// One room script (resources/redis/<name>.lua with lib.lua prepended), in one variant per PubSubKind that
// differ only in the command their events go out with: SPUBLISH (sharded pub/sub, Redis 7+, the channel lives
// in the room's slot) or PUBLISH (Redis 6). Scripts are loaded at start (on every master of a cluster) and run by SHA; a
// NOSCRIPT reply (Redis restarted, failed over or flushed its script cache) falls back to EVAL, which also
// re-caches the script on that node for the next call.
package dev.vanish.server.engine.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

enum LuaScript {
  CREATE_ROOM("create_room", false),
  TAKE_SEAT("take_seat", false),
  WRONG_PASSPHRASE("wrong_passphrase", false),
  AUTHENTICATE("authenticate", true),
  HEARTBEAT("heartbeat", true),
  RELEASE_SEAT("release_seat", false),
  SET_ONLINE("set_online", true),
  MEMBERS("members", false),
  APPEND_MESSAGE("append_message", false),
  MESSAGES_AFTER("messages_after", false),
  DESTROY_ROOM("destroy_room", false),
  DECLARE_FILE("declare_file", false),
  PUT_CHUNK("put_chunk", false),
  DELETE_FILE("delete_file", false),
  RATE_LIMIT("rate_limit", true);

  private final String[] sources = new String[PubSubKind.values().length]; // by PubSubKind.ordinal()
  private final String[] shas = new String[sources.length];

  /**
   * @param upkeep the script keeps existing state alive (seat holds, online entries, limiter buckets) and must run
   *     when Redis is at maxmemory, or members of existing rooms would lose their seats and reads would fail: on
   *     Redis 7+ it is flagged {@code allow-oom} (a few bytes beyond maxmemory at most; RedisMaxmemoryTest); Redis 6
   *     has no flags, there lib.lua's upkeep() skips a write Redis refuses for OOM. Scripts that only delete
   *     (release_seat, destroy_room) run under OOM anyway: Redis refuses only commands that may grow memory, and
   *     only before a script's first write. Scripts that store (create_room, take_seat, append_message) are
   *     refused, which the engine answers with storage_full.
   */
  LuaScript(String name, boolean upkeep) {
    String body = resource("lib") + "\n" + resource(name);
    for (PubSubKind kind : PubSubKind.values()) {
      // The first line sets the publish command lib.lua's publish() uses (and makes the SHAs differ).
      String flags = upkeep && kind == PubSubKind.SHARDED ? "#!lua flags=allow-oom\n" : "";
      sources[kind.ordinal()] = flags + "local PUBLISH_COMMAND = '" + kind.luaPublish + "'\n" + body;
      shas[kind.ordinal()] = sha1(sources[kind.ordinal()]);
    }
  }

  /** The metric and log name of this script's operation, e.g. "create_room". */
  String operation() {
    return name().toLowerCase(Locale.ROOT);
  }

  String source(PubSubKind kind) {
    return sources[kind.ordinal()];
  }

  String sha(PubSubKind kind) {
    return shas[kind.ordinal()];
  }

  Request load(PubSubKind kind) {
    return Request.cmd(Command.SCRIPT).arg("LOAD").arg(source(kind));
  }

  /** Runs the script against a room: KEYS are the room's keys, ARGV[1] its channel, then {@code args}. */
  Future<Response> run(Redis redis, PubSubKind kind, RoomKeys keys, Object... args) {
    return redis.send(request(Command.EVALSHA, sha(kind), keys, args)).recover(err -> {
      String msg = err.getMessage();
      if (msg != null && msg.startsWith("NOSCRIPT")) return redis.send(request(Command.EVAL, source(kind), keys, args));
      return Future.failedFuture(err);
    });
  }

  /** Runs a script that is not about a room (the rate limiter): KEYS as given, ARGV = {@code args}. */
  Future<Response> runOn(Redis redis, PubSubKind kind, List<String> keys, Object... args) {
    Request req = Request.cmd(Command.EVALSHA).arg(sha(kind)).arg(keys.size());
    keys.forEach(req::arg);
    for (Object a : args) req.arg(String.valueOf(a));
    return redis.send(req).recover(err -> {
      String msg = err.getMessage();
      if (msg == null || !msg.startsWith("NOSCRIPT")) return Future.failedFuture(err);
      Request eval = Request.cmd(Command.EVAL).arg(source(kind)).arg(keys.size());
      keys.forEach(eval::arg);
      for (Object a : args) eval.arg(String.valueOf(a));
      return redis.send(eval);
    });
  }

  private static Request request(Command cmd, String script, RoomKeys keys, Object[] args) {
    Request req = Request.cmd(cmd).arg(script).arg(keys.all.size());
    for (String k : keys.all) req.arg(k);
    req.arg(keys.channel);
    for (Object a : args) {
      if (a instanceof List<?> list) for (Object o : list) req.arg(String.valueOf(o));
      else if (a instanceof Buffer bytes) req.arg(bytes); // raw bytes (file chunks): never a String of them
      else req.arg(String.valueOf(a));
    }
    return req;
  }

  private static String resource(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream("/redis/" + name + ".lua")) {
      if (in == null) throw new IllegalStateException("missing resource redis/" + name + ".lua");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
