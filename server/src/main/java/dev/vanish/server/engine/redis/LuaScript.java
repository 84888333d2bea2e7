// One room script (resources/redis/<name>.lua with lib.lua prepended). Scripts are loaded at start and run
// by SHA; a NOSCRIPT reply (Redis restarted or flushed its script cache) falls back to EVAL, which also
// re-caches the script for the next call.
package dev.vanish.server.engine.redis;

import io.vertx.core.Future;
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

enum LuaScript {
  CREATE_ROOM("create_room"),
  TAKE_SEAT("take_seat"),
  AUTHENTICATE("authenticate"),
  HEARTBEAT("heartbeat"),
  RELEASE_SEAT("release_seat"),
  SET_ONLINE("set_online"),
  MEMBERS("members"),
  APPEND_MESSAGE("append_message"),
  MESSAGES_AFTER("messages_after"),
  DESTROY_ROOM("destroy_room");

  final String source;
  final String sha;

  LuaScript(String name) {
    this.source = resource("lib") + "\n" + resource(name);
    this.sha = sha1(source);
  }

  Request load() {
    return Request.cmd(Command.SCRIPT).arg("LOAD").arg(source);
  }

  /** Runs the script against a room: KEYS are the room's keys, ARGV[1] its channel, then {@code args}. */
  Future<Response> run(Redis redis, RoomKeys keys, Object... args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(err -> {
      String msg = err.getMessage();
      if (msg != null && msg.startsWith("NOSCRIPT")) return redis.send(request(Command.EVAL, source, keys, args));
      return Future.failedFuture(err);
    });
  }

  private static Request request(Command cmd, String script, RoomKeys keys, Object[] args) {
    Request req = Request.cmd(cmd).arg(script).arg(keys.all.size());
    for (String k : keys.all) req.arg(k);
    req.arg(keys.channel);
    for (Object a : args) {
      if (a instanceof List<?> list) for (Object o : list) req.arg(String.valueOf(o));
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
