// The room and seat endpoints of docs/PROTOCOL.md §4 (protocol v2): create a room under the creator's id and
// public keys, hand out a seat challenge, show a holder of the link the room before it joins (preview), take a seat
// by signing it, read the room, leave, destroy. Each handler validates (a v1 body is refused with unsupported_version first), calls RoomService, and writes JSON.
package dev.vanish.server.http;

import dev.vanish.server.error.VanishError;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.limits.Limiter;
import dev.vanish.server.room.Challenges;
import dev.vanish.server.room.Ed25519;
import dev.vanish.server.room.Ids;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

public final class RoomRoutes {

  static final int MIN_ATTEMPTS = 3;
  static final int DEFAULT_ATTEMPTS = 5;
  static final int MAX_ATTEMPTS = 10;

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
    Reads.get(api, "/rooms/:roomId/challenge").handler(this::challenge);
    api.post("/rooms/:roomId/members").handler(body).handler(this::join);
    api.post("/rooms/:roomId/preview").handler(body).handler(this::preview);
    api.delete("/rooms/:roomId/members/me").handler(this::leave);
    Reads.get(api, "/rooms/:roomId").handler(this::info);
    api.delete("/rooms/:roomId").handler(this::destroy);
  }

  private void create(RoutingContext ctx) {
    JsonObject in = JsonIo.body(ctx);
    requireV2(in, "accessHash");
    Object id = in.getValue("roomId");
    if (!(id instanceof String roomId) || !Ids.isCanonicalRoomId(roomId)) {
      throw VanishError.invalid("roomId must be 16 random bytes in base64url without padding (22 characters, the last one of AQgw).");
    }
    String publicKey = publicKey(in, "publicKey", true);
    String passphraseKey = publicKey(in, "passphraseKey", false);
    if (passphraseKey == null && in.getValue("attempts") != null) {
      throw VanishError.invalid("attempts is only for a room with a passphraseKey.");
    }
    int attempts = passphraseKey == null ? 0
        : JsonIo.intField(in, "attempts", DEFAULT_ATTEMPTS, MIN_ATTEMPTS, MAX_ATTEMPTS);
    int ttl = JsonIo.intField(in, "ttlSeconds", config.defaultTtlSeconds(), config.minTtlSeconds(), config.maxTtlSeconds());
    int capacity = JsonIo.intField(in, "capacity", ServerConfig.DEFAULT_CAPACITY, ServerConfig.MIN_CAPACITY, config.maxCapacity());
    RoomService.NewRoom room = new RoomService.NewRoom(roomId, publicKey, passphraseKey, attempts, ttl, capacity);
    reply(ctx, limiter.check(Limiter.Kind.ROOMS, clientIp.of(ctx.request())).compose(ok -> rooms.create(room)).map(c -> {
      JsonObject out = new JsonObject().put("roomId", c.roomId()).put("expiresAt", c.expiresAt())
          .put("ttlSeconds", c.ttlSeconds()).put("capacity", c.capacity());
      if (c.attempts() > 0) out.put("attempts", c.attempts());
      return out;
    }), 201);
  }

  // Stateless (room.Challenges): the same answer for a live room, a dead one and one that never existed.
  private void challenge(RoutingContext ctx) {
    Challenges.Challenge c = rooms.challenge(roomId(ctx));
    JsonIo.send(ctx, 200, new JsonObject().put("challenge", c.challenge()).put("expiresAt", c.expiresAt()));
  }

  private void join(RoutingContext ctx) {
    String roomId = roomId(ctx);
    JsonObject in = JsonIo.body(ctx);
    requireV2(in, "accessProof");
    String c = challenge(in);
    RoomService.SeatRequest req = new RoomService.SeatRequest(c, signature(in, "signature", true),
        signature(in, "passphraseSignature", false));
    reply(ctx, limiter.check(Limiter.Kind.SEATS, clientIp.of(ctx.request())).compose(ok -> rooms.join(roomId, req)).map(j -> new JsonObject()
        .put("memberId", j.memberId()).put("token", j.token()).put("expiresAt", j.expiresAt()).put("capacity", j.capacity())), 201);
  }

  /** The join's or preview's challenge field, checked for shape (the content is RoomService's business). */
  private static String challenge(JsonObject in) {
    Object challenge = in.getValue("challenge");
    if (!(challenge instanceof String c) || !Challenges.SHAPE.matcher(c).matches()) {
      throw VanishError.invalid("challenge must be the string GET …/challenge answered (base64url, at most 128 characters).");
    }
    return c;
  }

  // Read-only: what the page shows before its Join button (seats taken, expiry, whether a passphrase is needed).
  private void preview(RoutingContext ctx) {
    String roomId = roomId(ctx);
    JsonObject in = JsonIo.body(ctx);
    requireV2(in, "accessProof");
    String c = challenge(in);
    reply(ctx, rooms.preview(roomId, c, signature(in, "signature", true)).map(p -> {
      JsonObject out = new JsonObject().put("capacity", p.capacity()).put("members", p.members())
          .put("expiresAt", p.expiresAt()).put("passphrase", p.passphrase());
      if (p.passphrase()) out.put("attemptsLeft", p.attemptsLeft());
      return out;
    }), 200);
  }

  /** {@code "v":2} (a JSON integer) and none of v1's fields, else unsupported_version: a v1 client is told plainly. */
  private static void requireV2(JsonObject in, String v1Field) {
    Object v = in.getValue("v");
    boolean two = (v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == 2;
    if (!two || in.getValue(v1Field) != null) throw VanishError.unsupportedVersion();
  }

  private static String publicKey(JsonObject in, String field, boolean required) {
    Object v = in.getValue(field);
    if (v == null && !required) return null;
    if (!(v instanceof String s) || !Ed25519.isPublicKey(s)) {
      throw VanishError.invalid(field + " must be a raw Ed25519 public key: 32 bytes in base64url without padding (43 characters).");
    }
    return s;
  }

  private static String signature(JsonObject in, String field, boolean required) {
    Object v = in.getValue(field);
    if (v == null && !required) return null;
    if (!(v instanceof String s) || !Ed25519.SIGNATURE.matcher(s).matches()) {
      throw VanishError.invalid(field + " must be an Ed25519 signature: 64 bytes in base64url without padding (86 characters).");
    }
    return s;
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

  static void reply(RoutingContext ctx, Future<JsonObject> result, int status) {
    result.onSuccess(json -> JsonIo.send(ctx, status, json)).onFailure(ctx::fail);
  }
}
