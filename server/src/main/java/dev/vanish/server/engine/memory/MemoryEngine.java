// The embedded engine: all rooms in plain maps, owned by the event loop that started it (so no locks), with
// one Vert.x timer per room that drops the room whole at its expiresAt — no thread per room, no sweeper,
// nothing left behind. Events are delivered on a later turn of the loop, like a real broker, so a caller
// never sees its own event re-entrantly.
package dev.vanish.server.engine.memory;

import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.HistoryPage;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class MemoryEngine implements Engine {

  private final Vertx vertx;
  private final int historyLimit;
  private final Map<String, MemoryRoom> rooms = new HashMap<>();
  private final Set<String> subscribed = new HashSet<>();
  private EventSink sink = (roomId, event) -> { };
  private Context context;

  public MemoryEngine(Vertx vertx, int historyLimit) {
    this.vertx = vertx;
    this.historyLimit = historyLimit;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Future<Void> start(EventSink sink) {
    this.sink = sink;
    this.context = vertx.getOrCreateContext();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    rooms.values().forEach(r -> vertx.cancelTimer(r.expiryTimer));
    rooms.clear();
    subscribed.clear();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  /** Rooms currently held: lets a test check that nothing outlives a room. */
  public int roomCount() {
    return rooms.size();
  }

  // --- rooms -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> createRoom(RoomMeta meta) {
    if (rooms.containsKey(meta.roomId())) return Future.failedFuture("room id collision");
    MemoryRoom room = new MemoryRoom(meta);
    long delay = Math.max(1, meta.expiresAt() - System.currentTimeMillis());
    room.expiryTimer = vertx.setTimer(delay, t -> drop(meta.roomId()));
    rooms.put(meta.roomId(), room);
    return Future.succeededFuture();
  }

  @Override
  public Future<RoomMeta> findRoom(String roomId, long now) {
    MemoryRoom room = live(roomId, now);
    return Future.succeededFuture(room == null ? null : room.meta);
  }

  @Override
  public Future<Boolean> destroyRoom(String roomId) {
    boolean existed = drop(roomId);
    if (existed) deliver(roomId, new RoomEvent(RoomEvent.Kind.DESTROYED, null, 0, Buffer.buffer(Frames.DESTROYED)));
    return Future.succeededFuture(existed);
  }

  private boolean drop(String roomId) {
    MemoryRoom room = rooms.remove(roomId);
    if (room == null) return false;
    vertx.cancelTimer(room.expiryTimer);
    return true;
  }

  /** The room if it exists and has not expired; the timer may fire a little late, so check the time too. */
  private MemoryRoom live(String roomId, long now) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return null;
    if (room.meta.expiresAt() <= now) {
      drop(roomId);
      return null;
    }
    return room;
  }

  // --- seats and presence ------------------------------------------------------------------------------

  @Override
  public Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil) {
    MemoryRoom room = live(roomId, now);
    if (room == null) return Future.succeededFuture(SeatOutcome.NO_ROOM);
    boolean freed = room.freeLapsedSeats(now);
    if (room.seats.size() >= room.meta.capacity()) {
      if (freed) publishPresence(roomId, room, now);
      return Future.succeededFuture(SeatOutcome.FULL);
    }
    room.seats.put(memberId, new MemoryRoom.Seat(tokenHash, heldUntil));
    room.tokens.put(tokenHash, memberId);
    publishPresence(roomId, room, now);
    return Future.succeededFuture(SeatOutcome.SEATED);
  }

  @Override
  public Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil) {
    MemoryRoom room = live(roomId, now);
    if (room == null) return Future.succeededFuture(AuthResult.NO_ROOM);
    String memberId = room.tokens.get(tokenHash);
    if (memberId == null) return Future.succeededFuture(AuthResult.NO_SEAT);
    MemoryRoom.Seat seat = room.seats.get(memberId);
    if (seat.heldUntil < now) {
      room.release(memberId);
      publishPresence(roomId, room, now);
      return Future.succeededFuture(AuthResult.NO_SEAT);
    }
    seat.heldUntil = Math.max(seat.heldUntil, heldUntil);
    return Future.succeededFuture(AuthResult.ok(room.meta, memberId));
  }

  @Override
  public Future<Void> heartbeat(String roomId, String nodeId, Collection<String> memberIds, long onlineUntil, long heldUntil) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return Future.succeededFuture();
    for (String memberId : memberIds) {
      MemoryRoom.Seat seat = room.seats.get(memberId);
      if (seat == null) continue;
      seat.heldUntil = Math.max(seat.heldUntil, heldUntil);
      room.online.put(memberId + "|" + nodeId, onlineUntil);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> releaseSeat(String roomId, String memberId) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null || !room.release(memberId)) return Future.succeededFuture(false);
    deliver(roomId, new RoomEvent(RoomEvent.Kind.LEFT, memberId, 0,
        Buffer.buffer("{\"type\":\"left\",\"memberId\":\"" + memberId + "\"}")));
    publishPresence(roomId, room, System.currentTimeMillis());
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> setOnline(String roomId, String memberId, String nodeId, long onlineUntil, long now) {
    MemoryRoom room = live(roomId, now);
    if (room == null || !room.seats.containsKey(memberId)) return Future.succeededFuture();
    String key = memberId + "|" + nodeId;
    if (onlineUntil > 0) room.online.put(key, onlineUntil);
    else room.online.remove(key);
    publishPresence(roomId, room, now);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<MemberStatus>> members(String roomId, long now) {
    MemoryRoom room = live(roomId, now);
    return Future.succeededFuture(room == null ? List.of() : room.members(now));
  }

  // --- messages ------------------------------------------------------------------------------------------

  @Override
  public Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts) {
    MemoryRoom room = live(roomId, ts);
    if (room == null) return Future.succeededFuture(null);
    StoredMessage msg = StoredMessage.of(++room.lastMessageId, ts, memberId, body);
    room.history.addLast(msg);
    while (room.history.size() > historyLimit) room.history.removeFirst();
    deliver(roomId, new RoomEvent(RoomEvent.Kind.MESSAGE, memberId, msg.id(), Buffer.buffer(msg.frame())));
    return Future.succeededFuture(msg);
  }

  @Override
  public Future<HistoryPage> messagesAfter(String roomId, long afterId, int maxCount, int maxBytes) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return Future.succeededFuture(HistoryPage.EMPTY);
    List<StoredMessage> out = new ArrayList<>();
    long bytes = 0;
    for (StoredMessage m : room.history) {
      if (m.id() <= afterId) continue;
      if (out.size() >= maxCount || (!out.isEmpty() && bytes + m.frame().length() > maxBytes)) {
        return Future.succeededFuture(new HistoryPage(out, true));
      }
      bytes += m.frame().length();
      out.add(m);
    }
    return Future.succeededFuture(new HistoryPage(out, false));
  }

  // --- broker ----------------------------------------------------------------------------------------------

  @Override
  public Future<Void> publish(String roomId, RoomEvent event) {
    deliver(roomId, event);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> subscribe(String roomId) {
    subscribed.add(roomId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unsubscribe(String roomId) {
    subscribed.remove(roomId);
    return Future.succeededFuture();
  }

  private void publishPresence(String roomId, MemoryRoom room, long now) {
    deliver(roomId, new RoomEvent(RoomEvent.Kind.PRESENCE, null, 0, Buffer.buffer(Frames.presence(room.members(now)))));
  }

  private void deliver(String roomId, RoomEvent event) {
    if (!subscribed.contains(roomId)) return;
    context.runOnContext(v -> {
      if (subscribed.contains(roomId)) sink.onEvent(roomId, event);
    });
  }
}
