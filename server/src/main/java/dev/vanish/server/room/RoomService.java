// Room rules, independent of transport and engine: creating a room, taking a seat with the access proof,
// resolving a bearer token to a seat (which keeps the seat held), leaving and destroying. HTTP routes and
// WebSocket commands both come through here.
package dev.vanish.server.room;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.RoomStore;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.error.VanishError;
import io.vertx.core.Future;

import java.util.List;

public final class RoomService {

  /** A created room, as the API reports it. */
  public record Created(String roomId, long expiresAt, int ttlSeconds, int capacity) {}

  /** A taken seat: the token is the member's secret, shown once. */
  public record Joined(String memberId, String token, long expiresAt, int capacity) {}

  /** A resolved token: who is asking, in which room. */
  public record Seat(RoomMeta room, String memberId) {}

  private final RoomStore engine;
  private final ServerConfig config;

  public RoomService(RoomStore engine, ServerConfig config) {
    this.engine = engine;
    this.config = config;
  }

  public long graceMillis() {
    return config.seatGraceSeconds() * 1000L;
  }

  public Future<Created> create(String accessHash, int ttlSeconds, int capacity) {
    String roomId = Ids.roomId();
    long expiresAt = System.currentTimeMillis() + ttlSeconds * 1000L;
    return engine.createRoom(new RoomMeta(roomId, accessHash, capacity, expiresAt))
        .map(v -> new Created(roomId, expiresAt, ttlSeconds, capacity));
  }

  public Future<Joined> join(String roomId, String accessProof) {
    long now = System.currentTimeMillis();
    return engine.findRoom(roomId, now).compose(room -> {
      // A wrong proof answers exactly like a missing room (same code, same sentence, the same one look-up
      // before it), so a room id alone never tells whether the room is alive (ApiContractTest,
      // aWrongProofAndAMissingRoomAnswerAlike).
      if (room == null || !Ids.proofMatches(accessProof, room.accessHash())) throw VanishError.roomNotFound();
      String memberId = Ids.memberId();
      String token = Ids.token();
      return engine.takeSeat(roomId, memberId, Ids.tokenHash(token), now, now + graceMillis()).map(outcome -> {
        switch (outcome) {
          case SEATED: return new Joined(memberId, token, room.expiresAt(), room.capacity());
          case FULL: throw VanishError.roomFull();
          default: throw VanishError.roomNotFound();
        }
      });
    });
  }

  /** Resolves a bearer token; every successful use keeps the seat held for the grace period. */
  public Future<Seat> authenticate(String roomId, String token) {
    if (!Ids.isRoomId(roomId)) return Future.failedFuture(VanishError.roomNotFound());
    if (token == null || !Ids.isKey32(token)) {
      // A malformed token cannot hold a seat, but a missing room must still read as missing.
      return engine.findRoom(roomId, System.currentTimeMillis()).map(room -> {
        throw room == null ? VanishError.roomNotFound() : VanishError.unauthorized();
      });
    }
    long now = System.currentTimeMillis();
    return engine.authenticate(roomId, Ids.tokenHash(token), now, now + graceMillis()).map(r -> {
      if (r.status() == AuthResult.Status.NO_ROOM) throw VanishError.roomNotFound();
      if (r.status() == AuthResult.Status.NO_SEAT) throw VanishError.unauthorized();
      return new Seat(r.room(), r.memberId());
    });
  }

  public Future<List<MemberStatus>> members(String roomId) {
    return engine.members(roomId, System.currentTimeMillis());
  }

  public Future<Void> leave(Seat seat) {
    return engine.releaseSeat(seat.room().roomId(), seat.memberId()).mapEmpty();
  }

  public Future<Void> destroy(Seat seat) {
    return engine.destroyRoom(seat.room().roomId()).map(existed -> {
      if (!existed) throw VanishError.roomNotFound();
      return null;
    });
  }
}
