// Keeps the seats and online status of members with open sockets on this node alive in the engine: a member is
// marked online when its first socket here attaches and offline (its seat held for the grace period) when its
// last one leaves; in between, a heartbeat extends both. The beat comes three times per grace period (so a seat
// never lapses under an open socket), at most every 15 s, and is spread over that period in slices of ~100 ms,
// each room in the slice its id hashes to: one burst of a script per room every period queued messages behind
// it on Redis (the benchmark's p99, docs/PERFORMANCE.md).
package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

final class PresenceHeartbeat {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceHeartbeat.class);

  private final Vertx vertx;
  private final RoomStore engine;
  private final String nodeId;
  private final long graceMs;
  private final long periodMs;
  private final int slices;
  private final Map<String, LocalRoom> rooms;
  private int slice;
  private long timer = -1;

  /** @param rooms the hub's rooms, read on every beat */
  PresenceHeartbeat(Vertx vertx, RoomStore engine, String nodeId, long graceMs, Map<String, LocalRoom> rooms) {
    this.vertx = vertx;
    this.engine = engine;
    this.nodeId = nodeId;
    this.graceMs = graceMs;
    this.rooms = rooms;
    this.periodMs = Math.max(200, Math.min(15_000, graceMs / 3));
    this.slices = (int) Math.max(1, periodMs / 100);
  }

  void start() {
    timer = vertx.setPeriodic(periodMs / slices, t -> beat());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** An online entry outlives a missed beat or two, and lapses soon after its node dies. */
  private long onlineUntil(long now) {
    return now + 3 * periodMs;
  }

  /** The member's first socket on this node is attached: it shows online. */
  Future<Void> arrived(String roomId, String memberId) {
    long now = System.currentTimeMillis();
    return engine.setOnline(roomId, memberId, nodeId, onlineUntil(now), now);
  }

  /** The member's last socket on this node closed: its seat is held for the grace period, and it shows offline. */
  void departed(String roomId, String memberId) {
    long now = System.currentTimeMillis();
    engine.heartbeat(roomId, nodeId, List.of(memberId), onlineUntil(now), now + graceMs)
        .compose(v -> engine.setOnline(roomId, memberId, nodeId, 0, System.currentTimeMillis()))
        .onFailure(e -> LOG.debug("could not mark a member offline", e));
  }

  private void beat() {
    long now = System.currentTimeMillis();
    int current = slice;
    slice = (current + 1) % slices;
    rooms.forEach((roomId, room) -> {
      if (Math.floorMod(roomId.hashCode(), slices) != current) return;
      engine.heartbeat(roomId, nodeId, List.copyOf(room.socketsPerMember.keySet()), onlineUntil(now), now + graceMs)
          .onFailure(e -> LOG.debug("heartbeat failed", e));
    });
  }
}
