// The room-state part of an Engine: rooms, seats and presence. Operations that change who is in a room
// publish the matching event (presence, left, destroyed) in the same atomic step as the change (one Lua
// script on Redis), which is why this seam is not separate from the broker in the implementations.
package dev.vanish.server.engine;

import dev.vanish.server.protocol.MemberStatus;
import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;

public interface RoomStore {

  // --- rooms -------------------------------------------------------------------------------------------

  /**
   * Stores a new room under the id its creator chose (128 random bits in a well-behaved client). Fails with
   * VanishError room_exists when a live room holds that id; an expired or destroyed one's id may be taken again.
   */
  Future<Void> createRoom(RoomMeta room);

  /** The room, or null when it never existed, expired or was destroyed. */
  Future<RoomMeta> findRoom(String roomId, long now);

  /** Deletes the room and everything in it now, then publishes {@link RoomEvent.Kind#DESTROYED}. False when there was no room. */
  Future<Boolean> destroyRoom(String roomId);

  // --- seats and presence ------------------------------------------------------------------------------

  /**
   * Atomically frees seats whose hold ran out (before {@code now}), then takes a seat for {@code memberId}
   * if fewer than capacity remain. Publishes presence when seated.
   */
  default Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil) {
    return takeSeat(roomId, memberId, tokenHash, now, heldUntil, null, 0);
  }

  /**
   * {@link #takeSeat(String, String, String, long, long)} that also spends a challenge's nonce, in the same atomic
   * step, inside the room's data (it dies with the room): a nonce already spent in this room answers NO_ROOM and
   * changes nothing; otherwise it is recorded until {@code nonceUntil} whatever the outcome (SEATED or FULL).
   * @param nonce null = no nonce (tools and engine tests)
   */
  Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil,
                               String nonce, long nonceUntil);

  /**
   * Counts one wrong passphrase against the room and spends the challenge's nonce, atomically: returns the
   * attempts left after this one, or -1 when there is no room or the nonce was spent already (nothing counted).
   * At 0 the room is destroyed in the same step, publishing {@link RoomEvent.Kind#DESTROYED} like destroyRoom.
   */
  Future<Integer> countWrongPassphrase(String roomId, String nonce, long nonceUntil, long now);

  /**
   * Resolves a token (by its hash) to a held seat and extends the hold to at least {@code heldUntil}.
   * A seat whose hold ran out is freed here and reported as {@link AuthResult.Status#NO_SEAT}.
   */
  Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil);

  /**
   * The node's heartbeat for members with open sockets here: extends their seats' hold to {@code heldUntil}
   * and their online entries for {@code nodeId} to {@code onlineUntil}. Publishes nothing.
   */
  Future<Void> heartbeat(String roomId, String nodeId, Collection<String> memberIds, long onlineUntil, long heldUntil);

  /** Frees a seat now; publishes {@link RoomEvent.Kind#LEFT} and presence. False when there was no such seat. */
  Future<Boolean> releaseSeat(String roomId, String memberId);

  /**
   * Records that {@code memberId} has (onlineUntil > 0) or no longer has (onlineUntil == 0) an open socket
   * on node {@code nodeId}, then publishes presence. Entries of a node that died lapse at onlineUntil.
   */
  Future<Void> setOnline(String roomId, String memberId, String nodeId, long onlineUntil, long now);

  /** Seated members, in the order they took their seats, with whether any socket of theirs is open. */
  Future<List<MemberStatus>> members(String roomId, long now);
}
