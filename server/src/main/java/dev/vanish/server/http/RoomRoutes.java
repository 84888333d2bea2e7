// The room and seat endpoints of docs/PROTOCOL.md: create a room, take a seat with the access proof, read
// the room, leave, destroy. Each handler validates, calls RoomService, and writes JSON.
package dev.vanish.server.http;

import dev.vanish.server.error.VanishError;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.room.Ids;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

public final class RoomRoutes {

  private final RoomService rooms;
  private final ServerConfig config;
  private final Limiter limiter;
  private final ClientIp clientIp;

  /** @param limiter counts room creations and seat-taking per client IP (after the request proved well-formed) */
  public RoomRoutes(RoomService rooms, ServerConfig config, Limiter limiter, ClientIp clientIp) {
    this.rooms = rooms;
    this.config = config;
    this.limiter = limiter;
    this.clientIp = clientIp;
  }

  /** Mounts on the API router (paths relative to /api/v1; its failure handler answers every error). */
  public void mount(Router api, Handler<RoutingContext> body) {
    api.post("/rooms").handler(body).handler(this::create);
    api.post("/rooms/:roomId/members").handler(body).handler(this::join);
    api.delete("/rooms/:roomId/members/me").handler(this::leave);
    api.get("/rooms/:roomId").handler(this::info);
    api.delete("/rooms/:roomId").handler(this::destroy);
  }

  private void create(RoutingContext ctx) {
    JsonObject in = JsonIo.body(ctx);
    String accessHash = key32(in, "accessHash");
    int ttl = JsonIo.intField(in, "ttlSeconds", config.defaultTtlSeconds(), config.minTtlSeconds(), config.maxTtlSeconds());
    int capacity = JsonIo.intField(in, "capacity", ServerConfig.DEFAULT_CAPACITY, ServerConfig.MIN_CAPACITY, config.maxCapacity());
    reply(ctx, limiter.check(Limiter.Kind.ROOMS, clientIp.of(ctx.request())).compose(ok -> rooms.create(accessHash, ttl, capacity)).map(c -> new JsonObject()
        .put("roomId", c.roomId()).put("expiresAt", c.expiresAt()).put("ttlSeconds", c.ttlSeconds()).put("capacity", c.capacity())), 201);
  }

  private void join(RoutingContext ctx) {
    String roomId = roomId(ctx);
    String proof = key32(JsonIo.body(ctx), "accessProof");
    reply(ctx, limiter.check(Limiter.Kind.SEATS, clientIp.of(ctx.request())).compose(ok -> rooms.join(roomId, proof)).map(j -> new JsonObject()
        .put("memberId", j.memberId()).put("token", j.token()).put("expiresAt", j.expiresAt()).put("capacity", j.capacity())), 201);
  }

  private void info(RoutingContext ctx) {
    reply(ctx, Bearer.seat(ctx, rooms).compose(seat -> rooms.members(seat.room().roomId()).map(members -> {
      long remaining = Math.max(0, (seat.room().expiresAt() - System.currentTimeMillis() + 999) / 1000);
      return new JsonObject()
          .put("roomId", seat.room().roomId())
          .put("expiresAt", seat.room().expiresAt())
          .put("remainingSeconds", remaining)
          .put("capacity", seat.room().capacity())
          .put("you", seat.memberId())
          .put("members", Frames.membersJson(members));
    })), 200);
  }

  private void leave(RoutingContext ctx) {
    Bearer.seat(ctx, rooms).compose(rooms::leave)
        .onSuccess(v -> JsonIo.noContent(ctx)).onFailure(ctx::fail);
  }

  private void destroy(RoutingContext ctx) {
    Bearer.seat(ctx, rooms).compose(rooms::destroy)
        .onSuccess(v -> JsonIo.noContent(ctx)).onFailure(ctx::fail);
  }

  static String roomId(RoutingContext ctx) {
    String id = ctx.pathParam("roomId");
    if (!Ids.isRoomId(id)) throw VanishError.roomNotFound();
    return id;
  }

  private static String key32(JsonObject in, String field) {
    Object v = in.getValue(field);
    if (!(v instanceof String s) || !Ids.isKey32(s)) {
      throw VanishError.invalid(field + " must be 32 bytes in base64url without padding (43 characters).");
    }
    return s;
  }

  static void reply(RoutingContext ctx, Future<JsonObject> result, int status) {
    result.onSuccess(json -> JsonIo.send(ctx, status, json)).onFailure(ctx::fail);
  }
}
