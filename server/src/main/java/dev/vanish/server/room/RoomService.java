// Room rules, independent of transport and engine: creating a room under its creator's id and public keys,
// issuing seat challenges, taking a seat by signing one (and, in a passphrase room, by the passphrase's key too),
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
import io.vertx.core.Vertx;

import java.util.List;

public final class RoomService {

  /** A created room, as the API reports it. */
  /** @param attempts wrong passphrases that destroy the room; 0 for a room without a passphrase */
  public record Created(String roomId, long expiresAt, int ttlSeconds, int capacity, int attempts) {}

  /** What a creating client asks for (checked for shape by the HTTP edge). */
  public record NewRoom(String roomId, String publicKey, String passphraseKey, int attempts, int ttlSeconds, int capacity) {}

  /** A join's proofs (checked for shape by the HTTP edge): the challenge and the signatures over it. */
  public record SeatRequest(String challenge, String signature, String passphraseSignature) {}

  /** A taken seat: the token is the member's secret, shown once. */
  public record Joined(String memberId, String token, long expiresAt, int capacity) {}

  /**
   * What a holder of the link may read before taking a seat (docs/PROTOCOL.md §4, Preview).
   * @param attemptsLeft wrong passphrases that remain; -1 for a room without a passphrase
   */
  public record Preview(int capacity, int members, long expiresAt, boolean passphrase, int attemptsLeft) {}

  /** A resolved token: who is asking, in which room. */
  public record Seat(RoomMeta room, String memberId) {}

  private final Vertx vertx;
  private final RoomStore engine;
  private final ServerConfig config;
  private final Challenges challenges = new Challenges();

  public RoomService(Vertx vertx, RoomStore engine, ServerConfig config) {
    this.vertx = vertx;
    this.engine = engine;
    this.config = config;
  }

  public long graceMillis() {
    return config.seatGraceSeconds() * 1000L;
  }

  /** The challenge key, once the limiter's secret is settled (VanishVerticle). */
  public Challenges challenges() {
    return challenges;
  }

  public Future<Created> create(NewRoom r) {
    long expiresAt = System.currentTimeMillis() + r.ttlSeconds() * 1000L;
    return engine.createRoom(new RoomMeta(r.roomId(), r.publicKey(), r.passphraseKey(), r.attempts(), r.capacity(), expiresAt))
        .map(v -> new Created(r.roomId(), expiresAt, r.ttlSeconds(), r.capacity(), r.attempts()));
  }

  /** A fresh challenge for any well-shaped room id, live or not: nothing is read or stored. */
  public Challenges.Challenge challenge(String roomId) {
    return challenges.issue(roomId, System.currentTimeMillis());
  }

  /**
   * Takes a seat, in the order of docs/PROTOCOL.md §4: the challenge (400, stateless), then the room and the link's
   * signature (404 for a missing room, a signature that does not verify and a nonce spent already alike), then the
   * passphrase (401 without its signature, not counted; 403 counted, destroying the room at its attempts), then
   * capacity (409).
   */
  public Future<Joined> join(String roomId, SeatRequest req) {
    long now = System.currentTimeMillis();
    Challenges.Nonce nonce;
    try {
      nonce = challenges.check(roomId, req.challenge(), now);
    } catch (VanishError e) {
      return Future.failedFuture(e);
    }
    byte[] signed = Ed25519.seatMessage(roomId, req.challenge());
    return engine.findRoom(roomId, now).compose(room -> {
      if (room == null) throw VanishError.roomNotFound();
      // Off the event loop: one Ed25519 verification costs 0.6-1.3 ms on JDK 17 (measured with java.security on
      // this 2-core machine), time a loop should spend on messages. Both signatures in one worker task.
      return vertx.executeBlocking(() -> SeatProof.check(room, signed, req), false)
          .compose(proof -> afterProof(proof, roomId, room, nonce, now));
    });
  }

  /**
   * The room as a page shows it before its Join button is pressed: read-only. The challenge must be fresh and for
   * this room (400 like a join), but its nonce is not spent: a preview takes nothing. A missing room and a signature
   * that does not verify with the link's key answer alike, 404 room_not_found, so a room id alone learns nothing.
   */
  public Future<Preview> preview(String roomId, String challenge, String signature) {
    long now = System.currentTimeMillis();
    try {
      challenges.check(roomId, challenge, now);
    } catch (VanishError e) {
      return Future.failedFuture(e);
    }
    byte[] signed = Ed25519.previewMessage(roomId, challenge);
    return engine.findRoom(roomId, now).compose(room -> {
      if (room == null) throw VanishError.roomNotFound();
      // Off the event loop, like a join's proof (0.6-1.3 ms per verification).
      return vertx.executeBlocking(() -> Ed25519.verify(room.publicKey(), signed, signature), false).compose(ok -> {
        if (!ok) return Future.<Preview>failedFuture(VanishError.roomNotFound());
        return engine.members(roomId, System.currentTimeMillis()).map(list -> new Preview(room.capacity(), list.size(),
            room.expiresAt(), room.hasPassphrase(), room.hasPassphrase() ? room.attemptsLeft() : -1));
      });
    });
  }

  private Future<Joined> afterProof(SeatProof proof, String roomId, RoomMeta room, Challenges.Nonce nonce, long now) {
    switch (proof) {
      // A bad signature answers exactly like a missing room (same code, same sentence, the same one look-up before
      // it), so a room id alone never tells whether the room is alive (ApiContractTest).
      case BAD_LINK_SIGNATURE:
        return Future.failedFuture(VanishError.roomNotFound());
      case PASSPHRASE_MISSING:
        return Future.failedFuture(VanishError.passphraseRequired(room.attemptsLeft()));
      case PASSPHRASE_UNEXPECTED:
        return Future.failedFuture(VanishError.invalid(
            "passphraseSignature: this room has no passphrase; send only the link's signature."));
      case PASSPHRASE_WRONG:
        return engine.countWrongPassphrase(roomId, nonce.nonce(), nonce.expiresAt(), now)
            .compose(left -> Future.failedFuture(left < 0 ? VanishError.roomNotFound() : VanishError.wrongPassphrase(left)));
      default:
        return seat(roomId, room, nonce, now);
    }
  }

  private Future<Joined> seat(String roomId, RoomMeta room, Challenges.Nonce nonce, long now) {
    String memberId = Ids.memberId();
    String token = Ids.token();
    return engine.takeSeat(roomId, memberId, Ids.tokenHash(token), now, now + graceMillis(), nonce.nonce(), nonce.expiresAt())
        .map(outcome -> {
          switch (outcome) {
            case SEATED: return new Joined(memberId, token, room.expiresAt(), room.capacity());
            case FULL: throw VanishError.roomFull();
            default: throw VanishError.roomNotFound();
          }
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
