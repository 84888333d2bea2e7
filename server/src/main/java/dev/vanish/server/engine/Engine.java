package dev.vanish.server.engine;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;

/**
 * The one abstraction between room logic and storage/fan-out, in the shape of Centrifugo's engine:
 * room state, seats and presence, a capped message history, and a per-room broker.
 *
 * Two implementations pass one contract test suite: {@code engine.memory} (one process, no setup) and
 * {@code engine.redis} (many stateless nodes sharing one Redis). The room logic never knows which it has.
 *
 * Every method is called on the server's event loop and must never block it. The engine stores only
 * what the server may know: access hashes, token hashes, member ids, times and opaque ciphertext bodies.
 * Everything a room owns disappears at its {@code expiresAt} without a sweeper being required.
 */
public interface Engine {

  /** "memory" or "redis": shown in the start-up line and /healthz. */
  String name();

  /** Connects and starts delivering subscribed rooms' events to {@code sink}. Fails when the backend is unreachable. */
  Future<Void> start(EventSink sink);

  Future<Void> close();

  /** Succeeds when the engine can serve requests now (Redis answers PING); what /readyz reports. */
  Future<Void> ping();

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

  // --- messages ------------------------------------------------------------------------------------------

  /**
   * Appends a message (ids are 1, 2, 3… per room), drops the oldest beyond the history limit, and publishes
   * it: one round trip on Redis. Returns null when the room no longer exists.
   */
  Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts);

  /** Stored messages with id greater than {@code afterId}, oldest first (all when afterId is 0). */
  Future<List<StoredMessage>> messagesAfter(String roomId, long afterId);

  // --- broker ----------------------------------------------------------------------------------------------

  /** Relays a typing notice to the room's other members; never stored. */
  Future<Void> publishTyping(String roomId, String memberId);

  /** Starts delivering this room's events to the sink. A node subscribes only while it holds sockets in the room. */
  Future<Void> subscribe(String roomId);

  Future<Void> unsubscribe(String roomId);

  // --- abuse limits ----------------------------------------------------------------------------------------

  /**
   * Counts one hit on a rate-limit bucket (GCRA: {@code limit} tokens refilling completely over
   * {@code windowMs}); returns 0 when allowed, else the milliseconds until the next hit would be. Local on
   * the memory engine; atomic and shared by every node on Redis. The key expires when the bucket is full again.
   */
  Future<Long> hitLimit(String bucketKey, int limit, long windowMs, long now);

  /** The secret every node uses to hash limiter keys: the stored one, or {@code candidate} if there is none yet. */
  Future<String> sharedSecret(String candidate);
}
