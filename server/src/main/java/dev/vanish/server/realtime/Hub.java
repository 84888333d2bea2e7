package dev.vanish.server.realtime;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.Frames;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.StoredMessage;
import dev.vanish.server.http.ApiException;
import dev.vanish.server.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This node's open sockets, grouped by room. It subscribes to a room's channel while it holds at least one
 * socket there and unsubscribes when the last one leaves; it fans each channel event out to the room's
 * local sockets (one encoded buffer for all); it fires each room's expiry on time; and its heartbeat keeps
 * the seats and online status of members with open sockets alive in the engine. When the engine's pub/sub
 * connection drops, every local socket gets an {@code unavailable} error frame (and stays open) and is parked
 * at the last message it got (a socket that joins meanwhile too); when it is back, each parked socket is
 * caught up from history, since events published meanwhile were never delivered.
 * Runs on the server's one event loop, so plain maps suffice.
 */
public final class Hub implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final Buffer EXPIRED = Buffer.buffer(Frames.EXPIRED);
  private static final Buffer UNAVAILABLE = Buffer.buffer(new io.vertx.core.json.JsonObject().put("type", "error")
      .put("error", "unavailable")
      .put("message", "The server lost its connection to its storage; the socket stays open and catches up when it is back.")
      .encode());

  /** The sockets of one room on this node. */
  private static final class LocalRoom {
    final List<Session> sessions = new ArrayList<>();
    final Map<String, Integer> socketsPerMember = new HashMap<>();
    Future<Void> subscribed;
    long expiryTimer;
  }

  private final Vertx vertx;
  private final Engine engine;
  private final String nodeId;
  private final long graceMs;
  private final long heartbeatMs;
  private final Map<String, LocalRoom> rooms = new HashMap<>();
  private long heartbeatTimer = -1;
  // The heartbeat is spread over its period in slices of ~100 ms (each room in the slice its id hashes to):
  // one burst of a script per room every period queued messages behind it on Redis (p99 of the benchmark).
  private final int heartbeatSlices;
  private int heartbeatSlice;
  private NodeMetrics metrics = NodeMetrics.NONE;
  /** Between connectionLost() and connectionRestored(): events may be missed. */
  private boolean down;

  public Hub(Vertx vertx, Engine engine, String nodeId, long graceMs) {
    this.vertx = vertx;
    this.engine = engine;
    this.nodeId = nodeId;
    this.graceMs = graceMs;
    // Beat three times per grace period (so a seat never lapses under an open socket), at most every 15 s.
    this.heartbeatMs = Math.max(200, Math.min(15_000, graceMs / 3));
    this.heartbeatSlices = (int) Math.max(1, heartbeatMs / 100);
  }

  /** Reports sockets, rooms, frames out and fan-out latency to {@code metrics} (before {@link #start()}). */
  public void useMetrics(NodeMetrics metrics) {
    this.metrics = metrics;
    metrics.watch(this::socketCount, this::roomCount);
  }

  public void start() {
    heartbeatTimer = vertx.setPeriodic(heartbeatMs / heartbeatSlices, t -> heartbeat());
  }

  public void stop() {
    vertx.cancelTimer(heartbeatTimer);
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

  /** An online entry outlives a missed beat or two, and lapses soon after its node dies. */
  private long onlineUntil(long now) {
    return now + 3 * heartbeatMs;
  }

  /** Adds an authenticated socket; completes once the room's events reach it and its member shows online. */
  Future<Void> attach(Session s) {
    String roomId = s.roomId();
    LocalRoom room = rooms.get(roomId);
    if (room == null) {
      room = new LocalRoom();
      rooms.put(roomId, room);
      room.subscribed = engine.subscribe(roomId);
      long delay = Math.max(1, s.room.expiresAt() - System.currentTimeMillis());
      room.expiryTimer = vertx.setTimer(delay, t -> end(roomId, EXPIRED, "expired"));
    }
    room.sessions.add(s);
    // Its history may be read before the subscription is back: catch it up too once it is.
    if (down) s.markGap();
    boolean first = room.socketsPerMember.merge(s.memberId, 1, Integer::sum) == 1;
    long now = System.currentTimeMillis();
    return room.subscribed.compose(v -> first
        ? engine.setOnline(roomId, s.memberId, nodeId, onlineUntil(now), now)
        : Future.succeededFuture());
  }

  /** Removes a closed socket; the member's seat stays held for the grace period after its last socket. */
  void detach(Session s) {
    if (!s.authenticated()) return;
    String roomId = s.roomId();
    LocalRoom room = rooms.get(roomId);
    if (room == null || !room.sessions.remove(s)) return;
    if (room.socketsPerMember.merge(s.memberId, -1, Integer::sum) <= 0) {
      room.socketsPerMember.remove(s.memberId);
      long now = System.currentTimeMillis();
      engine.heartbeat(roomId, nodeId, List.of(s.memberId), onlineUntil(now), now + graceMs)
          .compose(v -> engine.setOnline(roomId, s.memberId, nodeId, 0, System.currentTimeMillis()))
          .onFailure(e -> LOG.debug("could not mark a member offline", e));
    }
    if (room.sessions.isEmpty()) forget(roomId, room);
  }

  private void forget(String roomId, LocalRoom room) {
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
          if (s.memberId.equals(event.memberId())) s.closeWithError("unauthorized", "Your seat in this room was released.");
        }
      }
      case TYPING -> {
        for (Session s : room.sessions) {
          if (!s.memberId.equals(event.memberId())) {
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

  /**
   * Pub/sub is down: events may be missed until it is back. The sockets stay open (their sends get 503s) and
   * are parked at the last message they got, so nothing that arrives before the catch-up skips the gap.
   */
  @Override
  public void connectionLost() {
    down = true;
    for (LocalRoom room : rooms.values()) {
      for (Session s : room.sessions) {
        s.send(UNAVAILABLE);
        s.markGap();
      }
    }
  }

  /** Pub/sub is back and resubscribed: everything published from now on arrives; history covers the gap. */
  @Override
  public void connectionRestored() {
    down = false;
    rooms.forEach(this::catchUp);
  }

  /** The socket's hello replay is done: it goes live, or is caught up first if a gap came meanwhile. */
  void greeted(Session s) {
    if (s.greeted()) {
      s.goLive();
      return;
    }
    LocalRoom room = rooms.get(s.roomId());
    if (!down && room != null) catchUp(s.roomId(), room);
  }

  /**
   * Catches a room's parked sockets up after a pub/sub outage: replays the messages they missed, from the
   * oldest id any of them has seen; each session drops ids it already sent, so delivery stays exactly-once.
   * Live events stay parked meanwhile so order holds. Presence is re-sent too, since joins and leaves during
   * the gap were missed as well. If history cannot be read, the sockets are closed with 4503 instead, so
   * their clients reconnect with {@code after} — never a silent gap.
   */
  private void catchUp(String roomId, LocalRoom room) {
    // A Redis that restarted without its data has no room any more: say so, as a hello would.
    engine.findRoom(roomId, System.currentTimeMillis()).onComplete(found -> {
      if (found.succeeded() && found.result() == null && rooms.get(roomId) == room) {
        ApiException gone = ApiException.roomNotFound();
        forget(roomId, room);
        for (Session s : new ArrayList<>(room.sessions)) s.closeWithError(gone.code, gone.getMessage());
        return;
      }
      replayMissed(roomId, room);
    });
  }

  private void replayMissed(String roomId, LocalRoom room) {
    List<Session> due = new ArrayList<>();
    for (Session s : room.sessions) if (s.needsCatchUp()) due.add(s);
    if (due.isEmpty()) return;
    long after = Long.MAX_VALUE;
    int[] gaps = new int[due.size()];
    for (int i = 0; i < due.size(); i++) {
      after = Math.min(after, due.get(i).lastMessageId());
      gaps[i] = due.get(i).catchUpStarted();
    }
    engine.messagesAfter(roomId, after).onComplete(ar -> {
      if (ar.succeeded()) {
        for (StoredMessage m : ar.result()) {
          Buffer frame = Buffer.buffer(m.frame());
          for (Session s : due) s.replay(m.id(), frame);
        }
      } else {
        LOG.debug("catch-up after a pub/sub outage failed", ar.cause());
        ApiException unavailable = ApiException.unavailable();
        for (Session s : due) s.closeWithError(unavailable.code, unavailable.getMessage());
        return;
      }
      for (int i = 0; i < due.size(); i++) due.get(i).caughtUp(gaps[i]);
      engine.members(roomId, System.currentTimeMillis()).onSuccess(members -> {
        Buffer presence = Buffer.buffer(Frames.presence(members));
        for (Session s : due) s.send(presence);
      });
    });
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

  private void heartbeat() {
    long now = System.currentTimeMillis();
    int slice = heartbeatSlice;
    heartbeatSlice = (slice + 1) % heartbeatSlices;
    rooms.forEach((roomId, room) -> {
      if (Math.floorMod(roomId.hashCode(), heartbeatSlices) != slice) return;
      engine.heartbeat(roomId, nodeId, List.copyOf(room.socketsPerMember.keySet()), onlineUntil(now), now + graceMs)
          .onFailure(e -> LOG.debug("heartbeat failed", e));
    });
  }
}
