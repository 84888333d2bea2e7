// Everything the memory engine holds for one room, and what it costs the node's budget. Only the engine's event
// loop touches it, so it needs no locks; it is dropped whole when the room expires or is destroyed.
package dev.vanish.server.engine.memory;

import dev.vanish.server.protocol.Frames;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class MemoryRoom {

  /**
   * A stored message, kept once: its encoded frame (ASCII: ids, digits and base64url only) from which the body is
   * cut when history is read. Before, body and frame were both kept as Strings: twice the bytes
   * (MemoryEngineFootprintTest). {@code memberId} is the seat's own String, shared by all its messages.
   */
  record Kept(long id, long ts, String memberId, byte[] frame, int bodyLength) {

    static Kept of(long id, long ts, String memberId, String body) {
      return new Kept(id, ts, memberId, Frames.message(id, ts, memberId, body).getBytes(StandardCharsets.ISO_8859_1),
          body.length());
    }

    StoredMessage toStored() {
      // The frame ends with "body":"<body>"} — the body is the bodyLength characters before the last two.
      int bodyStart = frame.length - 2 - bodyLength;
      return new StoredMessage(id, ts, memberId, new String(frame, bodyStart, bodyLength, StandardCharsets.ISO_8859_1),
          new String(frame, StandardCharsets.ISO_8859_1));
    }
  }

  /** A seat: who holds it (by token hash) and until when without a request or socket. */
  static final class Seat {
    final String tokenHash;
    long heldUntil;

    Seat(String tokenHash, long heldUntil) {
      this.tokenHash = tokenHash;
      this.heldUntil = heldUntil;
    }
  }

  final RoomMeta meta; // as created; snapshot() adds the counters below
  final LinkedHashMap<String, Seat> seats = new LinkedHashMap<>(); // memberId -> seat, in seat order
  final Map<String, String> tokens = new HashMap<>();              // tokenHash -> memberId
  final Map<String, Long> online = new HashMap<>();                // "memberId|nodeId" -> onlineUntil
  final ArrayDeque<Kept> history = new ArrayDeque<>();
  long lastMessageId;
  /** Sum of the kept bodies' lengths (VANISH_ROOM_BYTES counts these). */
  long bodyBytes;
  /** Everything charged to the node's budget for this room (room, seats, messages): released when it goes. */
  long charged;
  long expiryTimer = -1;
  /** Wrong passphrases so far, over the room's whole life. */
  int failures;
  /** Every message with an id at or below it was trimmed; 0 = none. */
  long trimmedThrough;
  /** The room's files by fileId; their chunks live off the heap (MemoryFile). */
  final Map<String, MemoryFile> files = new HashMap<>();
  /** What the files reserved (VANISH_ROOM_FILE_BYTES counts these). */
  long fileBytes;
  /** Challenge nonces spent in this room -> until when they stay spent (the challenge's expiresAt). */
  final Map<String, Long> nonces = new HashMap<>();

  MemoryRoom(RoomMeta meta) {
    this.meta = meta;
  }

  /** The room as it is now: its meta with the failure count and the trim point. */
  RoomMeta snapshot() {
    return new RoomMeta(meta.roomId(), meta.publicKey(), meta.passphraseKey(), meta.attempts(), meta.capacity(),
        meta.expiresAt(), failures, trimmedThrough);
  }

  /** Frees every file's off-heap chunks (the room is being dropped). */
  void releaseFiles() {
    files.values().forEach(MemoryFile::release);
    files.clear();
    fileBytes = 0;
  }

  /** Forgets nonces whose challenge expired; how many. */
  int pruneNonces(long now) {
    int before = nonces.size();
    nonces.values().removeIf(until -> until <= now);
    return before - nonces.size();
  }

  /** Frees every seat whose hold ran out; how many were freed. */
  int freeLapsedSeats(long now) {
    int freed = 0;
    for (Iterator<Map.Entry<String, Seat>> it = seats.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Seat> e = it.next();
      if (e.getValue().heldUntil < now) {
        it.remove();
        forgetMember(e.getKey(), e.getValue());
        freed++;
      }
    }
    return freed;
  }

  /** Removes a seat and everything that points at it. */
  boolean release(String memberId) {
    Seat seat = seats.remove(memberId);
    if (seat == null) return false;
    forgetMember(memberId, seat);
    return true;
  }

  private void forgetMember(String memberId, Seat seat) {
    tokens.remove(seat.tokenHash);
    online.keySet().removeIf(k -> k.startsWith(memberId + "|"));
  }

  List<MemberStatus> members(long now) {
    List<MemberStatus> out = new ArrayList<>(seats.size());
    for (Map.Entry<String, Seat> e : seats.entrySet()) {
      if (e.getValue().heldUntil >= now) out.add(new MemberStatus(e.getKey(), isOnline(e.getKey(), now)));
    }
    return out;
  }

  private boolean isOnline(String memberId, long now) {
    String prefix = memberId + "|";
    for (Map.Entry<String, Long> e : online.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getValue() >= now) return true;
    }
    return false;
  }
}
