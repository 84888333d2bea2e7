// The node's single pub/sub connection: one SUBSCRIBE per room the node holds sockets in, events handed to
// the sink only for rooms still in the set (so nothing arrives after unsubscribe, even before Redis confirms).
// When the connection drops it reconnects with backoff and resubscribes every room; events published while
// it was down are lost (sockets catch up on messages from history when they reconnect).
// The client completes a SUBSCRIBE as soon as it is written, so subscribe() waits for Redis's own
// ["subscribe", channel, n] confirmation instead: only then is an event published next certain to arrive.
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

final class RedisSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final Redis client;
  private final String prefix;
  private final EventSink sink;
  private final Set<String> rooms = new HashSet<>();
  private final Map<String, Queue<Promise<Void>>> confirming = new HashMap<>(); // channel -> waiting subscribe()s

  private RedisConnection conn;
  private boolean reconnecting;
  private boolean closed;
  private long backoffMs = MIN_BACKOFF_MS;

  RedisSubscriber(Vertx vertx, Redis client, String prefix, EventSink sink) {
    this.vertx = vertx;
    this.client = client;
    this.prefix = prefix;
    this.sink = sink;
  }

  Future<Void> start() {
    return connect();
  }

  /** Idempotent. While disconnected the room is only recorded: the reconnect subscribes it. */
  Future<Void> subscribe(String roomId) {
    rooms.add(roomId);
    if (conn == null) return Future.succeededFuture();
    String channel = new RoomKeys(prefix, roomId).channel;
    Promise<Void> confirmed = Promise.promise();
    confirming.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(confirmed);
    conn.send(command(Command.SUBSCRIBE, List.of(roomId))).onFailure(err -> {
      Queue<Promise<Void>> waiting = confirming.get(channel);
      if (waiting != null && waiting.remove(confirmed) && waiting.isEmpty()) confirming.remove(channel);
      confirmed.tryFail(err);
    });
    return confirmed.future();
  }

  Future<Void> unsubscribe(String roomId) {
    if (!rooms.remove(roomId) || conn == null) return Future.succeededFuture();
    return conn.send(command(Command.UNSUBSCRIBE, List.of(roomId))).mapEmpty();
  }

  Future<Void> close() {
    closed = true;
    rooms.clear();
    RedisConnection c = conn;
    conn = null;
    releaseWaiting();
    Future<Void> done = c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
    return done.eventually(client::close);
  }

  private Future<Void> connect() {
    return client.connect().compose(c -> {
      if (closed) return c.close().compose(v -> Future.failedFuture("engine closed"));
      c.handler(this::onResponse);
      c.exceptionHandler(err -> lost(c, err));
      c.endHandler(v -> lost(c, null));
      // Set before resubscribing so a subscribe() arriving meanwhile goes straight to this connection.
      conn = c;
      if (rooms.isEmpty()) return Future.succeededFuture();
      return c.send(command(Command.SUBSCRIBE, rooms)).<Void>mapEmpty().onFailure(err -> lost(c, err));
    }).onSuccess(v -> backoffMs = MIN_BACKOFF_MS);
  }

  private void lost(RedisConnection c, Throwable err) {
    if (conn != c) return;
    conn = null;
    c.close();
    releaseWaiting();
    if (closed) return;
    LOG.warn("Redis pub/sub connection lost ({}); reconnecting", err == null ? "closed" : err.getMessage());
    reconnect();
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
    confirming.values().forEach(q -> q.forEach(Promise::tryComplete));
    confirming.clear();
  }

  private void onResponse(Response r) {
    if (r == null || r.size() < 3) return;
    String type = String.valueOf(r.get(0));
    if ("subscribe".equals(type)) {
      String channel = r.get(1).toString();
      Queue<Promise<Void>> waiting = confirming.get(channel);
      if (waiting == null) return;
      Promise<Void> first = waiting.poll();
      if (waiting.isEmpty()) confirming.remove(channel);
      if (first != null) first.tryComplete();
      return;
    }
    if (!"message".equals(type)) return;
    String roomId = RoomKeys.roomOfChannel(prefix, r.get(1).toString());
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

  private Request command(Command cmd, Collection<String> roomIds) {
    Request req = Request.cmd(cmd);
    for (String id : roomIds) req.arg(new RoomKeys(prefix, id).channel);
    return req;
  }
}
