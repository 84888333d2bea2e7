package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.http.ApiException;
import dev.vanish.server.engine.RoomMeta;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One open socket of one member. Until its history replay is done it parks live events, then drops any
 * message it already sent (ids only grow), so a reconnecting client with {@code after} gets every message
 * exactly once, in order.
 *
 * Gaps. When the engine's pub/sub connection is lost, live events may have been missed since the last
 * message this socket got, so {@link #markGap()} parks it again at once: a live event arriving later (on the
 * new connection, before the hub's catch-up has read history) must not move {@link #lastMessageId()} past
 * the missed ones, or the catch-up, which reads history after that id, would skip them — the loss of issue
 * 12. Each gap is numbered; a catch-up covers the gaps up to the one current when it started reading, and
 * the socket goes live only when no newer gap came meanwhile.
 *
 * Slow readers: once Netty reports the socket's write queue full (the peer stopped reading and the kernel
 * buffers are full too), every further byte written counts; past {@code slowReaderBytes} the socket is
 * closed with 1008 rather than letting its queue grow the server's memory. A drain resets the count. The
 * history replay is not counted: it is bounded by the history limit already.
 */
final class Session {

  final ServerWebSocket ws;
  RoomMeta room;
  String memberId;
  private final long slowReaderBytes;
  private long lastMessageId;
  private List<RoomEvent> parked = new ArrayList<>();
  /** The hello's history replay is done (the hub decides when the socket goes live). */
  private boolean greeted;
  /** Gaps marked so far, and the last one a catch-up started covering. */
  private int gaps;
  private int coveredGaps;
  private boolean closed;
  private long queuedWhileFull;
  /** Last time anything (a frame or a pong) arrived from the client; the idle check reads it. */
  long lastHeard = System.currentTimeMillis();

  Session(ServerWebSocket ws, long slowReaderBytes) {
    this.ws = ws;
    this.slowReaderBytes = slowReaderBytes;
    ws.drainHandler(v -> queuedWhileFull = 0);
    Channels.consolidateFlushes(ws);
  }

  boolean authenticated() {
    return memberId != null;
  }

  String roomId() {
    return room.roomId();
  }

  /** A live event from the room's channel. */
  void deliver(RoomEvent event) {
    if (parked != null) {
      parked.add(event);
      return;
    }
    if (event.kind() == RoomEvent.Kind.MESSAGE) {
      if (event.messageId() <= lastMessageId) return;
      lastMessageId = event.messageId();
    }
    send(event.frame());
  }

  /** A message from history, during replay. */
  void replay(long id, Buffer frame) {
    if (id <= lastMessageId) return;
    lastMessageId = id;
    if (!gone()) ws.writeFrame(TextFrames.of(frame));
  }

  /** Live (replay done, no gap waiting) and open. */
  boolean live() {
    return parked == null && !closed;
  }

  /** Events may have been missed from here on: park live events until a catch-up covers this gap. */
  void markGap() {
    gaps++;
    if (parked == null) parked = new ArrayList<>();
  }

  /** The hello's replay is done; true if the socket may go live now (no gap was marked meanwhile). */
  boolean greeted() {
    greeted = true;
    return gaps == coveredGaps;
  }

  /** Greeted and open, with a gap no catch-up has started covering yet. */
  boolean needsCatchUp() {
    return greeted && !closed && gaps != coveredGaps;
  }

  /** A catch-up starts reading history for this socket; returns the gap it covers, for {@link #caughtUp}. */
  int catchUpStarted() {
    coveredGaps = gaps;
    return gaps;
  }

  /** The catch-up that covered {@code gap} has replayed history: go live unless a newer gap came. */
  void caughtUp(int gap) {
    if (gap == gaps) goLive();
  }

  long lastMessageId() {
    return lastMessageId;
  }

  void startAfter(long afterId) {
    lastMessageId = afterId;
  }

  /** Replay is done: flush what arrived meanwhile and go live. */
  void goLive() {
    List<RoomEvent> backlog = parked;
    parked = null;
    if (backlog != null) backlog.forEach(this::deliver);
  }

  void send(Buffer frame) {
    if (gone()) return;
    ws.writeFrame(TextFrames.of(frame));
    watchQueue(frame.length());
  }

  void send(JsonObject frame) {
    if (gone()) return;
    String text = frame.encode();
    ws.writeTextMessage(text);
    watchQueue(text.length());
  }

  // The peer may have closed before the hub heard of it (the close handler runs later on this loop); Vert.x
  // throws from writeQueueFull() on a closed socket, and a throw here would cut the room's fan-out short.
  private boolean gone() {
    return closed || ws.isClosed();
  }

  private void watchQueue(int bytes) {
    if (!ws.writeQueueFull()) return;
    queuedWhileFull += bytes;
    if (queuedWhileFull > slowReaderBytes) closeWith(null, CloseCodes.SLOW_READER, "slow reader");
  }

  void error(String code, String message, Object ref) {
    JsonObject frame = new JsonObject().put("type", "error").put("error", code).put("message", message);
    if (ref != null) frame.put("ref", ref);
    send(frame);
  }

  /** An error frame for a documented failure; rate_limited carries retryAfter in seconds. */
  void error(ApiException e, Object ref) {
    JsonObject frame = new JsonObject().put("type", "error").put("error", e.code).put("message", e.getMessage());
    if (ref != null) frame.put("ref", ref);
    if (e.retryAfterSeconds > 0) frame.put("retryAfter", e.retryAfterSeconds);
    send(frame);
  }

  /** Sends a last frame, then closes; later sends are dropped. */
  void closeWith(Buffer lastFrame, short code, String reason) {
    if (closed) return;
    if (lastFrame != null) send(lastFrame);
    closed = true;
    // A peer that does not read would never even receive a close frame (Vert.x starts its closing timeout
    // only once the frame is written): its connection is cut now, which also frees the backlog queued for
    // it. Everyone else gets the closing handshake; a mute peer that reads but never answers loses its
    // connection after the closing timeout (VanishVerticle.CLOSING_TIMEOUT_SECONDS).
    if (code == CloseCodes.SLOW_READER && Channels.cut(ws)) return;
    ws.close(code, reason);
  }

  void closeWithError(String code, String message) {
    if (closed) return;
    error(code, message, null);
    closed = true;
    ws.close(CloseCodes.forError(code), code);
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }
}
