// What the hub does when the engine's pub/sub connection drops and comes back (EventSink.connectionLost/
// connectionRestored): every local socket is told (an `unavailable` error frame; it stays open and its sends
// get 503s meanwhile) and parked at the last message it got (a socket that joins meanwhile too); once the
// subscription is back, each parked socket is caught up from history after the last message it got, page by
// page with backpressure (HistoryReplay; its cursor drops ids it already has, so delivery stays
// exactly-once), then goes live. Presence is
// re-sent, since joins and leaves during the gap were missed as well. If history cannot be read, the sockets
// are closed with 4503 instead, so their clients reconnect with `after` — never a silent gap. A Redis that came
// back without its data has no room any more: its sockets are told room_not_found, as a hello would be.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class OutageCatchUp {

  private static final Logger LOG = LoggerFactory.getLogger(OutageCatchUp.class);
  private static final Buffer UNAVAILABLE = Buffer.buffer(Frames.error(VanishError.of(ErrorCode.UNAVAILABLE,
      "The server lost its connection to its storage; the socket stays open and catches up when it is back."), null)
      .encode());

  private final Engine engine;
  private final Hub hub;
  private final Map<String, LocalRoom> rooms;
  /** Between connectionLost() and connectionRestored(): events may be missed. */
  private boolean down;

  OutageCatchUp(Engine engine, Hub hub, Map<String, LocalRoom> rooms) {
    this.engine = engine;
    this.hub = hub;
    this.rooms = rooms;
  }

  void connectionLost() {
    down = true;
    for (LocalRoom room : rooms.values()) {
      for (Session s : room.sessions) {
        s.send(UNAVAILABLE);
        s.markGap();
      }
    }
  }

  void connectionRestored() {
    down = false;
    rooms.forEach(this::catchUp);
  }

  /** A socket attached: if pub/sub is down, its history may be read before the subscription is back. */
  void attached(Session s) {
    if (down) s.markGap();
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

  private void catchUp(String roomId, LocalRoom room) {
    engine.findRoom(roomId, System.currentTimeMillis()).onComplete(found -> {
      if (found.succeeded() && found.result() == null && rooms.get(roomId) == room) {
        hub.forget(roomId, room);
        VanishError gone = VanishError.roomNotFound();
        for (Session s : new ArrayList<>(room.sessions)) s.closeWithError(gone);
        return;
      }
      replayMissed(roomId, room);
    });
  }

  // Each parked socket is caught up on its own, from its own last message, page by page with backpressure
  // (HistoryReplay): one socket that stopped reading holds up nobody else's catch-up, and none holds more
  // than a page of history. A socket is live again once its own replay is written.
  private void replayMissed(String roomId, LocalRoom room) {
    List<Session> due = new ArrayList<>();
    for (Session s : room.sessions) if (s.needsCatchUp()) due.add(s);
    if (due.isEmpty()) return;
    List<Future<Void>> replays = new ArrayList<>(due.size());
    for (Session s : due) {
      int gap = s.catchUpStarted();
      replays.add(HistoryReplay.run(s, s.lastMessageId(),
              from -> engine.messagesAfter(roomId, from, HistoryReplay.PAGE_MESSAGES, HistoryReplay.PAGE_BYTES))
          .onSuccess(v -> s.caughtUp(gap))
          .onFailure(e -> {
            LOG.debug("catch-up after a pub/sub outage failed", e);
            s.closeWithError(VanishError.unavailable());
          }));
    }
    Future.join(replays).onComplete(all -> engine.members(roomId, System.currentTimeMillis()).onSuccess(members -> {
      Buffer presence = Buffer.buffer(Frames.presence(members));
      for (Session s : due) s.send(presence);
    }));
  }
}
