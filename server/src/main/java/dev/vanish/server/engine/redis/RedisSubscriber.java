// The node's pub/sub connection: one (S)SUBSCRIBE per room the node holds sockets in, events handed to the
// sink only for rooms still in the set (so nothing arrives after unsubscribe, even before Redis confirms).
// On one Redis that is exactly one connection for all rooms. On a Cluster it is the Vert.x cluster connection:
// one connection per node, each SSUBSCRIBE routed to the master owning the room's slot (sharded channels
// must be subscribed there); classic SUBSCRIBE goes to any master, as classic messages reach every node.
// When any of it drops, the sink hears connectionLost(); the subscriber reconnects with a short backoff,
// resubscribes every room, waits for Redis to confirm each, and only then tells connectionRestored() — from
// that moment every new event arrives, so the sink can catch up on what was published meanwhile from history.
// A slot that migrates away makes Redis send an unasked "sunsubscribe": the room is simply subscribed again.
// Should that reach the old owner, its MOVED error arrives here (subscribe commands complete on write), and
// the subscriber starts over: a new cluster connection, with the client's refreshed slot map, resubscribes all.
// The client completes a SUBSCRIBE as soon as it is written, so subscribe() waits for Redis's own
// ["subscribe", channel, n] confirmation instead: only then is an event published next certain to arrive.
//
// Liveness. A subscriber only listens, so a connection that went silent without closing (a network cut with
// no reset, a NAT or cloud gateway forgetting an idle connection) would look exactly like a quiet room, for
// hours: every 5 s the subscriber sends a probe and treats no answer within 3 s as a lost connection (the
// probes also keep such gateways from forgetting it). On a Cluster each probe goes to one master.
// The probe is UNSUBSCRIBE of a channel nobody subscribes to, never PING: Redis answers it with
// ["unsubscribe", channel, n] on RESP2 and RESP3 alike, changing nothing, and the client sends it as a
// pub/sub command — completed on write, its answer handed to our handler like every other. A PING instead
// waits in the client's reply queue, and vertx-redis-client 5.0.7 (RedisStandaloneConnection.handle) takes
// that queue's head for *any* reply, then hands a push (a message, a confirmation) to the handler and drops
// the waiting PING: on a busy connection the PONG then reached the handler as a bare string (which threw),
// the PING timed out, and a healthy connection was declared lost every few seconds (issue 12). With no
// command ever waiting, every reply reaches onResponse. RedisSubscriberUnderLoadTest fails if this breaks.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

final class RedisSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
  private static final long MIN_BACKOFF_MS = 100;
  // Short, so a node is back within a second or so of Redis; a refused connect costs Redis nothing.
  private static final long MAX_BACKOFF_MS = 1_000;
  private static final long RESUBSCRIBE_TIMEOUT_MS = 3_000;
  private static final long PROBE_INTERVAL_MS = 5_000;
  private static final long PROBE_TIMEOUT_MS = 3_000;

  private final Vertx vertx;
  private final Redis client;
  private final String prefix;
  private final PubSubKind kind;
  private final EventSink sink;
  /** The probe's channel: not a room's (roomOfChannel is null for it), never subscribed by anyone. */
  private final String probeChannel;
  private final Set<String> rooms = new HashSet<>();
  private final Map<String, Queue<Promise<Void>>> confirming = new HashMap<>(); // channel -> waiting subscribe()s

  private RedisConnection conn;
  private boolean reconnecting;
  private boolean closed;
  /** The sink was told the connection is lost and not yet that it is back. */
  private boolean down;
  private long backoffMs = MIN_BACKOFF_MS;
  private long probeTimer = -1;
  /** The probe sent last and not yet answered, 0 when none is outstanding. */
  private long probeOutstanding;
  private long probesSent;

  RedisSubscriber(Vertx vertx, Redis client, String prefix, PubSubKind kind, EventSink sink) {
    this.vertx = vertx;
    this.client = client;
    this.prefix = prefix;
    this.kind = kind;
    this.sink = sink;
    this.probeChannel = prefix + ":probe";
  }

  Future<Void> start() {
    probeTimer = vertx.setPeriodic(PROBE_INTERVAL_MS, t -> probe());
    return connect();
  }

  /** Proof of life for a connection that otherwise only receives: answered in onResponse. */
  private void probe() {
    RedisConnection c = conn;
    if (c == null || closed) return;
    long probe = ++probesSent;
    probeOutstanding = probe;
    c.send(Request.cmd(Command.UNSUBSCRIBE).arg(probeChannel)).onFailure(err -> lost(c, err));
    vertx.setTimer(PROBE_TIMEOUT_MS, t -> {
      if (conn == c && probeOutstanding == probe) {
        lost(c, new IllegalStateException("no answer to the liveness probe within " + PROBE_TIMEOUT_MS + " ms"));
      }
    });
  }

  /** Idempotent. While disconnected the room is only recorded: the reconnect subscribes it. */
  Future<Void> subscribe(String roomId) {
    rooms.add(roomId);
    if (conn == null) return Future.succeededFuture();
    return subscribeOn(conn, roomId);
  }

  Future<Void> unsubscribe(String roomId) {
    if (!rooms.remove(roomId) || conn == null) return Future.succeededFuture();
    return conn.send(Request.cmd(kind.unsubscribe).arg(channel(roomId))).mapEmpty();
  }

  Future<Void> close() {
    closed = true;
    if (probeTimer >= 0) vertx.cancelTimer(probeTimer);
    rooms.clear();
    RedisConnection c = conn;
    conn = null;
    releaseWaiting();
    Future<Void> done = c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
    return done.eventually(client::close);
  }

  private String channel(String roomId) {
    return new RoomKeys(prefix, roomId).channel;
  }

  private Future<Void> subscribeOn(RedisConnection c, String roomId) {
    String channel = channel(roomId);
    Promise<Void> confirmed = Promise.promise();
    confirming.computeIfAbsent(channel, ch -> new ArrayDeque<>()).add(confirmed);
    // One channel per command: on a cluster each room's channel may live on another master.
    c.send(Request.cmd(kind.subscribe).arg(channel)).onFailure(err -> {
      Queue<Promise<Void>> waiting = confirming.get(channel);
      if (waiting != null && waiting.remove(confirmed) && waiting.isEmpty()) confirming.remove(channel);
      confirmed.tryFail(err);
    });
    return confirmed.future();
  }

  private Future<Void> connect() {
    return client.connect().compose(c -> {
      if (closed) return c.close().compose(v -> Future.failedFuture("engine closed"));
      c.handler(this::onResponse);
      c.exceptionHandler(err -> lost(c, err));
      c.endHandler(v -> lost(c, null));
      // Set before resubscribing so a subscribe() arriving meanwhile goes straight to this connection.
      conn = c;
      probeOutstanding = 0;
      List<Future<Void>> all = new ArrayList<>();
      for (String roomId : rooms) all.add(subscribeOn(c, roomId));
      // Bounded: a refused subscription (an ACL, a node mid-failover) answers with an error, not a confirmation.
      return Future.all(all).<Void>mapEmpty().timeout(RESUBSCRIBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).compose(v -> {
        // A connection lost mid-way releases the waiting confirmations: that is no success.
        if (conn != c) return Future.failedFuture("pub/sub connection lost while resubscribing");
        return Future.<Void>succeededFuture();
      }).onFailure(err -> lost(c, err));
    }).onSuccess(v -> {
      backoffMs = MIN_BACKOFF_MS;
      if (down) {
        down = false;
        LOG.info("Redis pub/sub connection restored; {} room(s) resubscribed", rooms.size());
        notifySink(true);
      }
    });
  }

  private void lost(RedisConnection c, Throwable err) {
    if (conn != c) return;
    conn = null;
    // A subscribed connection is "tainted" for Vert.x's pool, which closes it for real when it comes back:
    // a silent one is never lent to the reconnect.
    c.close();
    releaseWaiting();
    if (closed) return;
    LOG.warn("Redis pub/sub connection lost ({}); reconnecting", err == null ? "closed" : err.getMessage());
    if (!down) {
      down = true;
      notifySink(false);
    }
    reconnect();
  }

  private void notifySink(boolean restored) {
    try {
      if (restored) sink.connectionRestored();
      else sink.connectionLost();
    } catch (RuntimeException e) {
      LOG.error("event sink failed", e);
    }
  }

  private void reconnect() {
    if (closed || reconnecting) return;
    reconnecting = true;
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    vertx.setTimer(delay, t -> {
      if (closed) return;
      connect().onComplete(ar -> {
        reconnecting = false;
        if (ar.failed() && conn == null) reconnect();
      });
    });
  }

  /** The connection is gone: rooms stay in the set and the reconnect subscribes them, so nobody need wait. */
  private void releaseWaiting() {
    List<Promise<Void>> waiting = new ArrayList<>();
    confirming.values().forEach(waiting::addAll);
    confirming.clear();
    waiting.forEach(Promise::tryComplete);
  }

  private void onResponse(Response r) {
    if (r != null && r.type() == ResponseType.ERROR) {
      // (S)SUBSCRIBE completes on write, so its refusal arrives here: start over rather than wait forever.
      RedisConnection c = conn;
      if (c != null) lost(c, new IllegalStateException(r.toString()));
      return;
    }
    // Only arrays carry pub/sub replies; anything else (there should be nothing) is not ours to read.
    if (r == null || (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) || r.size() < 3) return;
    String type = String.valueOf(r.get(0));
    String channel = r.get(1).toString();
    if (type.equals("unsubscribe") && probeChannel.equals(channel)) {
      probeOutstanding = 0;
    } else if (type.equals(kind.subscribed)) {
      confirmed(channel);
    } else if (type.equals(kind.unsubscribed)) {
      // Unasked (sharded: the slot moved to another master) if we still want the room: follow it there.
      String roomId = RoomKeys.roomOfChannel(prefix, channel);
      RedisConnection c = conn;
      if (roomId != null && rooms.contains(roomId) && c != null) {
        subscribeOn(c, roomId).onFailure(err -> lost(c, err));
      }
    } else if (type.equals(kind.message)) {
      event(channel, r);
    }
  }

  private void confirmed(String channel) {
    Queue<Promise<Void>> waiting = confirming.get(channel);
    if (waiting == null) return;
    Promise<Void> first = waiting.poll();
    if (waiting.isEmpty()) confirming.remove(channel);
    if (first != null) first.tryComplete();
  }

  private void event(String channel, Response r) {
    String roomId = RoomKeys.roomOfChannel(prefix, channel);
    if (roomId == null || !rooms.contains(roomId)) return;
    RoomEvent event;
    try {
      event = Envelope.parse(r.get(2).toBuffer());
    } catch (RuntimeException e) {
      LOG.warn("dropped a malformed event on room channel: {}", e.getMessage());
      return;
    }
    try {
      sink.onEvent(roomId, event);
    } catch (RuntimeException e) {
      LOG.error("event sink failed", e);
    }
  }
}
