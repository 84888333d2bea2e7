// Everything the memory engine holds for one room. Only the engine's event loop touches it, so it needs no
// locks; it is dropped whole when the room expires or is destroyed.
package dev.vanish.server.engine.memory;

import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.StoredMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class MemoryRoom {

  /** A seat: who holds it (by token hash) and until when without a request or socket. */
  static final class Seat {
    final String tokenHash;
    long heldUntil;

    Seat(String tokenHash, long heldUntil) {
      this.tokenHash = tokenHash;
      this.heldUntil = heldUntil;
    }
  }

  final RoomMeta meta;
  final LinkedHashMap<String, Seat> seats = new LinkedHashMap<>(); // memberId -> seat, in seat order
  final Map<String, String> tokens = new HashMap<>();              // tokenHash -> memberId
  final Map<String, Long> online = new HashMap<>();                // "memberId|nodeId" -> onlineUntil
  final ArrayDeque<StoredMessage> history = new ArrayDeque<>();
  long lastMessageId;
  long expiryTimer = -1;

  MemoryRoom(RoomMeta meta) {
    this.meta = meta;
  }

  /** Frees every seat whose hold ran out; true when any was freed. */
  boolean freeLapsedSeats(long now) {
    boolean freed = false;
    for (Iterator<Map.Entry<String, Seat>> it = seats.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Seat> e = it.next();
      if (e.getValue().heldUntil < now) {
        it.remove();
        forgetMember(e.getKey(), e.getValue());
        freed = true;
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
