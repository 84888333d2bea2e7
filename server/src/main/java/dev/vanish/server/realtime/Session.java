// One open socket of one member, and everything the server keeps about it: its seat once the hello proved it,
// the hello phase (frames that arrived before the welcome, the hello and ping timers), the last time anything
// came from the peer, and its DeliveryCursor (what it has been sent, what is parked). Runs on the node's
// event loop only. Writes go through send(): frames for many sockets are shared buffers, encoded once.
//
// Slow readers: once Netty reports the socket's write queue full (the peer stopped reading and the kernel
// buffers are full too), every further byte written counts; past slowReaderBytes the socket is closed with
// 1008 rather than letting its queue grow the server's memory. A drain resets the count. The history replay
// is not counted: it is bounded by the history limit already.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.protocol.Frames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

public final class Session {

  private final ServerWebSocket ws;
  private final long slowReaderBytes;
  /** The client's address as ClientIp judged it at the upgrade: what message bytes are counted against. */
  private final String clientIp;
  private final DeliveryCursor cursor = new DeliveryCursor();
  private RoomMeta room;
  private String memberId;
  private boolean closed;
  private long queuedWhileFull;
  /** Last time anything (a frame or a pong) arrived from the client; the idle check reads it. */
  private long lastHeard = System.currentTimeMillis();
  private boolean helloSeen;
  /** Frames that arrived after the hello and before the replay ended; null once they were handled. */
  private List<JsonObject> early = new ArrayList<>();
  private long helloTimer = -1;
  private long pingTimer = -1;

  String clientIp() {
    return clientIp;
  }

  Session(ServerWebSocket ws, long slowReaderBytes, String clientIp) {
    this.ws = ws;
    this.slowReaderBytes = slowReaderBytes;
    this.clientIp = clientIp;
    ws.drainHandler(v -> queuedWhileFull = 0);
    Channels.consolidateFlushes(ws);
  }

  ServerWebSocket socket() {
    return ws;
  }

  // --- who ------------------------------------------------------------------------------------------------------

  /** The hello proved a seat: from now on the socket belongs to this member of this room. */
  void seat(RoomMeta room, String memberId) {
    this.room = room;
    this.memberId = memberId;
  }

  boolean authenticated() {
    return memberId != null;
  }

  RoomMeta room() {
    return room;
  }

  String roomId() {
    return room.roomId();
  }

  String memberId() {
    return memberId;
  }

  // --- the hello phase --------------------------------------------------------------------------------------------

  /** Anything arrived from the peer (a frame or a pong). */
  void heard() {
    lastHeard = System.currentTimeMillis();
  }

  long lastHeard() {
    return lastHeard;
  }

  /** True for the socket's first frame (the one that must be the hello). */
  boolean firstFrame() {
    if (helloSeen) return false;
    helloSeen = true;
    return true;
  }

  /** Keeps a frame that came before the replay ended; false once such frames are handled directly. */
  boolean holdEarly(JsonObject frame) {
    if (early == null) return false;
    early.add(frame);
    return true;
  }

  /** The frames held back during the hello, in order; later frames are handled as they come. */
  List<JsonObject> releaseEarly() {
    List<JsonObject> held = early;
    early = null;
    return held == null ? List.of() : held;
  }

  void timers(long helloTimer, long pingTimer) {
    this.helloTimer = helloTimer;
    this.pingTimer = pingTimer;
  }

  void helloDone(Vertx vertx) {
    vertx.cancelTimer(helloTimer);
  }

  void cancelTimers(Vertx vertx) {
    vertx.cancelTimer(helloTimer);
    vertx.cancelTimer(pingTimer);
  }

  // --- delivery (DeliveryCursor decides, this writes) -----------------------------------------------------------

  void startAfter(long afterId) {
    cursor.startAfter(afterId);
  }

  long lastMessageId() {
    return cursor.lastMessageId();
  }

  /** A live event from the room's channel. */
  void deliver(RoomEvent event) {
    if (cursor.offerLive(event)) send(event.frame());
  }

  /** A message from history (the hello's replay or a catch-up). */
  void replay(long id, Buffer frame) {
    if (cursor.offerReplay(id) && !gone()) ws.writeFrame(TextFrames.of(frame));
  }

  /** Pub/sub was lost: park live events at the last message sent until a catch-up covers the gap. */
  void markGap() {
    cursor.markGap();
  }

  /** The hello's replay is done; true when the socket may go live now (no gap came meanwhile). */
  boolean greeted() {
    return cursor.greeted();
  }

  boolean needsCatchUp() {
    return !closed && cursor.needsCatchUp();
  }

  int catchUpStarted() {
    return cursor.catchUpStarted();
  }

  /** The catch-up that covered {@code gap} replayed history: go live unless a newer gap came. */
  void caughtUp(int gap) {
    writeAll(cursor.caughtUp(gap));
  }

  /** Replay done: flush what arrived meanwhile and go live. */
  void goLive() {
    writeAll(cursor.goLive());
  }

  private void writeAll(List<RoomEvent> events) {
    for (RoomEvent e : events) send(e.frame());
  }

  // --- writing and closing -----------------------------------------------------------------------------------------

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

  /** An error frame for a documented failure; the socket stays open. */
  void error(VanishError e, Object ref) {
    send(Frames.error(e, ref));
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

  /** The error frame, then the close code its error maps to, with the code's wire name as the reason. */
  void closeWithError(VanishError e) {
    if (closed) return;
    error(e, null);
    closed = true;
    ws.close(CloseCodes.forError(e.code()), e.code().wire());
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }
}
