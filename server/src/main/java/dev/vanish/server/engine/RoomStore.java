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

  /** Stores a new room. Room ids are random (128 bits); a collision is not handled beyond failing. */
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
  Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil);

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
