// One open socket of one member, and everything the server keeps about it: its seat once the hello proved it,
// the hello phase (frames that arrived before the welcome, the hello and ping timers), the last time anything
// came from the peer, and its DeliveryCursor (what it has been sent, what is parked). Runs on the node's
// event loop only. Writes go through send(): frames for many sockets are shared buffers, encoded once.
//
// Slow readers: once Netty reports the socket's write queue full (the peer stopped reading and the kernel
// buffers are full too), every further byte written counts; past slowReaderBytes the socket is closed with
// 1008 rather than letting its queue grow the server's memory. A drain resets the count. The history replay
// (HistoryReplay) writes through the same count but waits for a drain instead of writing into a full queue,
// so a peer that stops reading during a replay would queue nothing more and stay forever: hence the stall
// rule, a queue that stayed full with no drain for a whole ping interval is a reader that does not drain,
// closed with 1008 as well (stalled(), checked on each ping; NonReadersAgainstAFullRoomTest).
//
// Liveness: only a pong that answers one of the server's own last two pings (random payloads, nextPing())
// counts as heard, so a client cannot keep a socket alive with unsolicited pongs while never reading
// (UnsolicitedPongTest); frames from the client count too.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Session {

  private static final SecureRandom PING_RANDOM = new SecureRandom();

  private final ServerWebSocket ws;
  private final long slowReaderBytes;
  /** The client's address as ClientIp judged it at the upgrade: what message bytes are counted against. */
  private final String clientIp;
  private final DeliveryCursor cursor = new DeliveryCursor();
  private RoomMeta room;
  private String memberId;
  private boolean closed;
  private long queuedWhileFull;
  /** When a write last found the queue full with no drain since; 0 while the queue is not known to be full. */
  private long fullSince;
  /** Completed by the next drain (or the close): what a paused replay waits for. */
  private Promise<Void> drained;
  /** The payloads of the last two pings sent; a pong counts only when it carries one of them. */
  private byte[] lastPing = new byte[0];
  private byte[] previousPing = new byte[0];
  /** Last time a frame, or a pong answering one of our pings, arrived from the client; the idle check reads it. */
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
    ws.drainHandler(v -> onDrain());
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

  /** A frame arrived from the peer. */
  void heard() {
    lastHeard = System.currentTimeMillis();
  }

  /** The payload of a new ping: 8 random bytes, remembered so the answer can be recognised. */
  Buffer nextPing() {
    byte[] p = new byte[8];
    PING_RANDOM.nextBytes(p);
    previousPing = lastPing;
    lastPing = p;
    return Buffer.buffer(p);
  }

  /** A pong arrived: heard only when it answers one of the last two pings (not an unsolicited one). */
  void pong(Buffer payload) {
    byte[] b = payload.getBytes();
    if (b.length > 0 && (Arrays.equals(b, lastPing) || Arrays.equals(b, previousPing))) heard();
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

  /**
   * A message from history (the hello's replay or a catch-up), written and counted like any frame: HistoryReplay
   * writes only while the queue has room, so at most the frame that fills it counts here.
   */
  void replay(long id, Buffer frame) {
    if (cursor.offerReplay(id)) send(frame);
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
    if (fullSince == 0) fullSince = System.currentTimeMillis();
    queuedWhileFull += bytes;
    if (queuedWhileFull > slowReaderBytes) closeWith(null, CloseCodes.SLOW_READER, "slow reader");
  }

  private void onDrain() {
    queuedWhileFull = 0;
    fullSince = 0;
    wakeReplay();
  }

  private void wakeReplay() {
    Promise<Void> p = drained;
    drained = null;
    if (p != null) p.complete();
  }

  /** True while Netty's write queue for this socket is full (false once closed). */
  boolean writeQueueFull() {
    return !gone() && ws.writeQueueFull();
  }

  /** Completes at the next drain, or when the socket closes (the replay then sees it closed and stops). */
  Future<Void> whenDrained() {
    if (!writeQueueFull()) return Future.succeededFuture();
    if (fullSince == 0) fullSince = System.currentTimeMillis();
    if (drained == null) drained = Promise.promise();
    return drained.future();
  }

  /**
   * True when the write queue has been full, with no drain, for at least {@code forMs}: the peer is not
   * reading (a reader at even 2 KB/s drains Netty's 64 KiB queue mark well within the 25 s ping interval).
   */
  boolean stalled(long now, long forMs) {
    return fullSince != 0 && writeQueueFull() && now - fullSince >= forMs;
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
    wakeReplay();
    // A peer that does not read would never even receive a close frame (Vert.x starts its closing timeout
    // only once the frame is written): its connection is cut now, which also frees the backlog queued for
    // it. Everyone else gets the closing handshake; a mute peer that reads but never answers loses its
    // connection after the closing timeout (VanishVerticle.CLOSING_TIMEOUT_SECONDS).
    // The same for any close of a socket whose queue is full: its close frame would wait behind the backlog.
    if ((code == CloseCodes.SLOW_READER || (!ws.isClosed() && ws.writeQueueFull())) && Channels.cut(ws)) return;
    ws.close(code, reason);
  }

  /** The error frame, then the close code its error maps to, with the code's wire name as the reason. */
  void closeWithError(VanishError e) {
    if (closed) return;
    error(e, null);
    closed = true;
    wakeReplay();
    ws.close(CloseCodes.forError(e.code()), e.code().wire());
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
    wakeReplay();
  }
}
