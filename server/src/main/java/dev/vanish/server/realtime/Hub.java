// This node's open sockets, grouped by room: it subscribes to a room's channel while it holds at least one
// socket there and unsubscribes when the last one leaves; it fans each channel event out to the room's local
// sockets (one encoded buffer for all); and it fires each room's expiry on time. Presence upkeep is the
// PresenceHeartbeat's, the pub/sub outage path the OutageCatchUp's. Runs on the server's one event loop, so
// plain maps suffice.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.metrics.NodeMetrics;
import dev.vanish.server.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

public final class Hub implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final Buffer EXPIRED = Buffer.buffer(Frames.EXPIRED);
  private static final VanishError SEAT_RELEASED = VanishError.of(ErrorCode.UNAUTHORIZED, "Your seat in this room was released.");

  private final Vertx vertx;
  private final Engine engine;
  private final Map<String, LocalRoom> rooms = new HashMap<>();
  private final PresenceHeartbeat presence;
  private final OutageCatchUp catchUp;
  private NodeMetrics metrics = NodeMetrics.NONE;

  public Hub(Vertx vertx, Engine engine, String nodeId, long graceMs) {
    this.vertx = vertx;
    this.engine = engine;
    this.presence = new PresenceHeartbeat(vertx, engine, nodeId, graceMs, rooms);
    this.catchUp = new OutageCatchUp(engine, this, rooms);
  }

  /** Reports sockets, rooms, frames out, fan-out latency and lost connections to {@code metrics} (before start). */
  public void useMetrics(NodeMetrics metrics) {
    this.metrics = metrics;
    metrics.watch(this::socketCount, this::roomCount);
  }

  public void start() {
    presence.start();
  }

  public void stop() {
    presence.stop();
  }

  /** Shutdown: tells every local socket to reconnect elsewhere (1012) and forgets them. */
  public void closeAll() {
    for (LocalRoom room : rooms.values()) {
      vertx.cancelTimer(room.expiryTimer);
      for (Session s : room.sessions) s.closeWith(null, CloseCodes.RESTARTING, "server restarting");
    }
    rooms.clear();
  }

  /** Rooms with at least one local socket: each is one channel subscription. */
  public int roomCount() {
    return rooms.size();
  }

  public int socketCount() {
    int n = 0;
    for (LocalRoom r : rooms.values()) n += r.sessions.size();
    return n;
  }

  /** Adds an authenticated socket; completes once the room's events reach it and its member shows online. */
  Future<Void> attach(Session s) {
    String roomId = s.roomId();
    LocalRoom room = rooms.get(roomId);
    if (room == null) {
      room = new LocalRoom();
      rooms.put(roomId, room);
      room.subscribed = engine.subscribe(roomId);
      long delay = Math.max(1, s.room().expiresAt() - System.currentTimeMillis());
      room.expiryTimer = vertx.setTimer(delay, t -> end(roomId, EXPIRED, "expired"));
    }
    room.sessions.add(s);
    catchUp.attached(s);
    boolean first = room.socketsPerMember.merge(s.memberId(), 1, Integer::sum) == 1;
    return room.subscribed.compose(v -> first ? presence.arrived(roomId, s.memberId()) : Future.succeededFuture());
  }

  /** The socket's hello replay is done: it goes live (after a catch-up if pub/sub was lost meanwhile). */
  void greeted(Session s) {
    catchUp.greeted(s);
  }

  /** Removes a closed socket; the member's seat stays held for the grace period after its last socket. */
  void detach(Session s) {
    if (!s.authenticated()) return;
    String roomId = s.roomId();
    LocalRoom room = rooms.get(roomId);
    if (room == null || !room.sessions.remove(s)) return;
    if (room.socketsPerMember.merge(s.memberId(), -1, Integer::sum) <= 0) {
      room.socketsPerMember.remove(s.memberId());
      presence.departed(roomId, s.memberId());
    }
    if (room.sessions.isEmpty()) forget(roomId, room);
  }

  /** The room has no local socket any more (or is gone): stop listening to it. */
  void forget(String roomId, LocalRoom room) {
    rooms.remove(roomId);
    vertx.cancelTimer(room.expiryTimer);
    engine.unsubscribe(roomId).onFailure(e -> LOG.debug("unsubscribe failed", e));
  }

  @Override
  public void onEvent(String roomId, RoomEvent event) {
    LocalRoom room = rooms.get(roomId);
    if (room == null) return;
    long start = metrics.fanOutStart();
    int frames = 0;
    switch (event.kind()) {
      case DESTROYED -> end(roomId, event.frame(), "destroyed");
      case LEFT -> {
        for (Session s : new ArrayList<>(room.sessions)) {
          if (s.memberId().equals(event.memberId())) s.closeWithError(SEAT_RELEASED);
        }
      }
      case TYPING -> {
        for (Session s : room.sessions) {
          if (!s.memberId().equals(event.memberId())) {
            deliver(s, event);
            frames++;
          }
        }
      }
      default -> {
        for (Session s : room.sessions) deliver(s, event);
        frames = room.sessions.size();
      }
    }
    if (frames > 0) {
      metrics.framesOut(frames);
      metrics.fanOutDone(start);
    }
  }

  /** One socket's failure must never cut the room's fan-out short for the sockets after it. */
  private static void deliver(Session s, RoomEvent event) {
    try {
      s.deliver(event);
    } catch (RuntimeException e) {
      LOG.warn("delivering to a socket failed: {}", e.toString());
    }
  }

  /** Pub/sub is down: events may be missed until it is back (see OutageCatchUp). */
  @Override
  public void connectionLost() {
    metrics.engineConnectionLost();
    catchUp.connectionLost();
  }

  /** Pub/sub is back and resubscribed: everything published from now on arrives; history covers the gap. */
  @Override
  public void connectionRestored() {
    catchUp.connectionRestored();
  }

  /** The room is over: every local socket gets the last frame and is closed; nothing of it stays here. */
  private void end(String roomId, Buffer lastFrame, String reason) {
    LocalRoom room = rooms.remove(roomId);
    if (room == null) return;
    vertx.cancelTimer(room.expiryTimer);
    for (Session s : room.sessions) s.closeWith(lastFrame, CloseCodes.ROOM_GONE, reason);
    room.sessions.clear();
    engine.unsubscribe(roomId).onFailure(e -> LOG.debug("unsubscribe failed", e));
  }
}
