// One member's live connection to a room: the socket (hello → welcome → replay → live), decryption, sends
// matched to acks, and automatic reconnect with backoff that resumes with `after` = the last message id, so
// the listener sees every message exactly once. Protocol v2: each message is sealed with this seat's memberId
// and the seat's next seq (re-sealed for a new seat after a rejoin), and every received one passes the
// IntegrityCheck, whose notices go to the listener before the message. All state lives on one Vert.x context;
// public methods hop onto it, so a session is safe to call from any thread.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;
import dev.vanish.client.crypto.RoomKey;
import dev.vanish.client.crypto.VanishCrypto;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

public final class RoomSession {

  private static final long TYPING_INTERVAL_MS = 3000;
  private static final long EXPIRY_SLACK_MS = 3000;

  private final VanishClient client;
  private final Context ctx;
  private final Link link;
  private final RoomKey key;
  private final String name;
  private final RoomListener listener;
  private final VanishClient.ServerLimits limits;
  private final Backoff backoff;
  private final Promise<RoomSession> welcomed = Promise.promise();
  private final Promise<EndReason> endedPromise = Promise.promise();
  private final Set<String> myMemberIds = new HashSet<>();
  private final PendingSends pending = new PendingSends();
  private final OwnEchoes ownEchoes = new OwnEchoes();
  private final IntegrityCheck integrity = new IntegrityCheck();
  /** Seqs of this seat whose sends the server refused (not stored): the newest ones are given out again. */
  private final TreeSet<Long> refusedSeqs = new TreeSet<>();
  private long nextSeq = 1;

  // Everything below is touched on ctx only (volatile for the getters).
  private volatile String memberId;
  private volatile String token;
  private volatile long expiresAt;
  private volatile int capacity;
  private volatile List<Member> members = List.of();
  private volatile ConnectionState state = ConnectionState.CONNECTING;
  private volatile String lastMessageId;
  private long lastId = 0;
  private WebSocket ws;
  private boolean welcomedOnSocket;
  private EndReason ended;
  private boolean leaving;
  private long lastTypingMs;
  private long reconnectTimer = -1;
  private long expiryTimer = -1;

  RoomSession(VanishClient client, Context ctx, Link link, RoomKey key, String name, RoomListener listener,
              VanishClient.ServerLimits limits, RoomApi.Seat seat) {
    this.client = client;
    this.ctx = ctx;
    this.link = link;
    this.key = key;
    this.name = name;
    this.listener = listener == null ? new RoomListener() {} : listener;
    this.limits = limits;
    this.backoff = new Backoff(client.options().reconnectMin(), client.options().reconnectMax());
    takeSeat(seat);
  }

  // --- public API ------------------------------------------------------------------------------------------

  public Link link() { return link; }

  public String roomId() { return link.roomId(); }

  /** This member's current id (a new one after the seat was lost and taken again). */
  public String memberId() { return memberId; }

  public String name() { return name; }

  public long expiresAt() { return expiresAt; }

  public int capacity() { return capacity; }

  public List<Member> members() { return members; }

  public ConnectionState state() { return state; }

  /** The room's safety code (five groups of four digits) to compare with the other members by voice. */
  public String safetyCode() { return key.safetyCode(); }

  /** The highest message id received so far, or null. */
  public String lastMessageId() { return lastMessageId; }

  /** Completes once, with why the session ended. */
  public Future<EndReason> ended() { return endedPromise.future(); }

  /**
   * Encrypts and sends a message; completes with the server's ack. Sends made while reconnecting wait for
   * the new socket; a send whose socket dropped before its ack is sent again only if the history shows it
   * was not stored. Fails with RATE_LIMITED (and its retry delay), PAYLOAD_TOO_LARGE or ROOM_ENDED.
   */
  public Future<Ack> send(String text) {
    Promise<Ack> result = Promise.promise();
    ctx.runOnContext(v -> sendDraft(new PendingSends.Draft(text, null)).onComplete(result));
    return result.future();
  }

  /** On ctx: seals and queues a text or file message. */
  private Future<Ack> sendDraft(PendingSends.Draft draft) {
    if (ended != null) return Future.failedFuture(VanishException.ended(ended));
    PendingSends.Reseal sealed = seal(draft);
    if (!limits.fits(sealed.body())) {
      refused(sealed.sealed());
      return Future.failedFuture(VanishClient.tooLong(limits));
    }
    String ref = pending.add(sealed.body(), draft, sealed.sealed());
    Future<Ack> acked = pending.future(ref);
    if (state == ConnectionState.CONNECTED) pending.write(ref, this::writeSend);
    return acked;
  }

  /**
   * Sends a file (docs/PROTOCOL.md §8): refused with FILE_TOO_LARGE before any upload when it is larger than the
   * server's maxFileBytes; otherwise declared, encrypted and uploaded chunk by chunk (a chunk that fails for a
   * transient reason is tried again, up to five times, waiting out a 429's Retry-After), then announced by an
   * ordinary message whose text is the caption. Completes with that message's ack. Progress is called on the
   * session's context; cancel() stops the upload and deletes what was uploaded.
   */
  public FileTransfer<Ack> sendFile(OutgoingFile file, FileProgress progress) {
    AtomicBoolean cancelled = new AtomicBoolean();
    Promise<Ack> result = Promise.promise();
    ctx.runOnContext(v -> {
      if (ended != null) {
        result.fail(VanishException.ended(ended));
        return;
      }
      FileTransfers.Seat seat = seat();
      FileTransfers.upload(seat, file, progress == null ? FileProgress.NONE : progress, cancelled)
          .compose(ref -> sendDraft(new PendingSends.Draft(file.caption(), ref))
              .onFailure(e -> FileTransfers.deleteQuietly(seat, ref.id()))) // not announced: free its space
          .onComplete(result);
    });
    return new FileTransfer<>(cancelled, result.future());
  }

  /** Sends a file from disk, named as it is there, its type from its extension (see sendFile(OutgoingFile, …)). */
  public FileTransfer<Ack> sendFile(Path path, FileProgress progress) {
    return sendFile(OutgoingFile.of(path), progress);
  }

  /** Sends bytes as a file with this name and media type (null: from the name). */
  public FileTransfer<Ack> sendFile(byte[] bytes, String name, String mime, FileProgress progress) {
    return sendFile(OutgoingFile.of(bytes, name, mime), progress);
  }

  /** Deletes a file this member uploaded (its message stays; downloads of it then fail with FILE_NOT_FOUND). */
  public Future<Void> deleteFile(String fileId) {
    return onCtx(() -> {
      if (ended != null) return Future.failedFuture(VanishException.ended(ended));
      return client.api().deleteFile(link.origin(), link.roomId(), token, fileId);
    });
  }

  /** Where this session's file transfers go: its seat's current token (null once ended). */
  FileTransfers.Seat seat() {
    return new FileTransfers.Seat(client.vertx(), ctx, client.api(), link.origin(), link.roomId(), () -> token, limits,
        client.options().reconnectMin(), client.options().reconnectMax());
  }

  /** Tells the others this member is typing; sent at most every 3 s, dropped while disconnected. */
  public void typing() {
    ctx.runOnContext(v -> {
      long now = System.currentTimeMillis();
      if (ws == null || state != ConnectionState.CONNECTED || now - lastTypingMs < TYPING_INTERVAL_MS) return;
      lastTypingMs = now;
      ws.writeTextMessage(new JsonObject().put("type", "typing").encode());
    });
  }

  /** Destroys the room for everyone; the session ends with DESTROYED. */
  public Future<Void> destroy() {
    return onCtx(() -> {
      if (ended != null) return Future.failedFuture(VanishException.ended(ended));
      return client.api().destroy(link.origin(), link.roomId(), token).onSuccess(x -> end(EndReason.DESTROYED));
    });
  }

  /** Frees this member's seat; the session ends with LEFT. */
  public Future<Void> leave() {
    return onCtx(() -> {
      if (ended != null) return Future.failedFuture(VanishException.ended(ended));
      leaving = true;
      return client.api().leave(link.origin(), link.roomId(), token)
          .onSuccess(x -> end(EndReason.LEFT))
          .onFailure(e -> leaving = false);
    });
  }

  /** Closes the socket without leaving: the seat stays held for the server's grace period. */
  public Future<Void> close() {
    return onCtx(() -> {
      end(EndReason.CLOSED);
      return Future.succeededFuture();
    });
  }

  /** Seals a text (and file) for the current seat with its next seq and the highest id received (seen). */
  private PendingSends.Reseal seal(PendingSends.Draft draft) {
    long seq = nextSeq++;
    Plaintext plaintext = new Plaintext(memberId, seq, name, draft.text(), System.currentTimeMillis(), lastMessageId,
        draft.file());
    String body = key.seal(plaintext);
    ownEchoes.sealed(body, plaintext);
    return new PendingSends.Reseal(body, new PendingSends.Sealed(memberId, seq));
  }

  /**
   * A sealed message that was not stored (the server refused it, or it was too long): when it and those after
   * it are all refused, their seqs are given out again, so a retry leaves no gap the others would report.
   */
  private void refused(PendingSends.Sealed s) {
    if (s == null || !s.memberId().equals(memberId)) return;
    refusedSeqs.add(s.seq());
    while (!refusedSeqs.isEmpty() && refusedSeqs.last() == nextSeq - 1) {
      refusedSeqs.pollLast();
      nextSeq--;
    }
  }

  // --- connection ------------------------------------------------------------------------------------------

  Future<RoomSession> start() {
    long delay = Math.max(1, expiresAt - System.currentTimeMillis() + EXPIRY_SLACK_MS);
    expiryTimer = client.vertx().setTimer(delay, t -> ctx.runOnContext(v -> end(EndReason.EXPIRED)));
    connect();
    return welcomed.future();
  }

  private void takeSeat(RoomApi.Seat seat) {
    if (!seat.memberId().equals(memberId)) {
      nextSeq = 1; // a new seat counts from 1; unsent messages are sealed again for it (onWelcome)
      refusedSeqs.clear();
    }
    memberId = seat.memberId();
    token = seat.token();
    expiresAt = seat.expiresAt();
    capacity = seat.capacity();
    myMemberIds.add(seat.memberId());
  }

  private void connect() {
    if (ended != null) return;
    // No Origin header (Vert.x sends one by default): the client is no web page, and a node refuses upgrades
    // whose Origin is not its own — behind a proxy that rewrites Host, the target URL's origin may not be.
    WebSocketConnectOptions opts = new WebSocketConnectOptions().setAbsoluteURI(link.socketUrl())
        .setAllowOriginHeader(false)
        .setTimeout(client.options().requestTimeout().toMillis());
    client.sockets().connect(opts).onComplete(ar -> {
      if (ar.failed()) {
        onDisconnected(null, VanishException.unreachable(link.origin(), ar.cause()));
        return;
      }
      WebSocket socket = ar.result();
      if (ended != null) {
        socket.close((short) CloseCode.NORMAL.code());
        return;
      }
      ws = socket;
      welcomedOnSocket = false;
      socket.textMessageHandler(text -> {
        if (ws == socket) onFrame(text);
      });
      socket.closeHandler(x -> {
        if (ws == socket) {
          ws = null;
          onDisconnected(socket.closeStatusCode(), null);
        }
      });
      socket.exceptionHandler(e -> { /* the close handler follows */ });
      JsonObject hello = new JsonObject().put("type", "hello").put("v", RoomApi.PROTOCOL_VERSION).put("token", token);
      if (lastMessageId != null) hello.put("after", lastMessageId);
      socket.writeTextMessage(hello.encode());
    });
  }

  private void onDisconnected(Short code, VanishException failure) {
    if (ended != null) return;
    if (leaving) {
      end(EndReason.LEFT);
      return;
    }
    int c = code == null ? CloseCode.ABNORMAL.code() : code;
    switch (CloseCode.actionFor(c)) {
      case END_ROOM_ENDED -> end(EndReason.EXPIRED); // the matching frame normally ended the session already
      case END_NOT_FOUND -> failOrEnd(EndReason.NOT_FOUND, VanishException.fromServer("room_not_found", null, null));
      case TAKE_SEAT_AGAIN -> retakeSeat();
      case FAIL -> failOrEnd(EndReason.FAILED,
          new VanishException(VanishException.Code.PROTOCOL, "the server refused the hello (" + c + ")"));
      case RECONNECT -> {
        if (!welcomed.future().isComplete() && failure != null) {
          failOrEnd(EndReason.FAILED, failure); // the first connect failed: report it to join's caller
        } else {
          scheduleReconnect();
        }
      }
    }
  }

  private void scheduleReconnect() {
    if (ended != null) return;
    if (System.currentTimeMillis() >= expiresAt) {
      end(EndReason.EXPIRED);
      return;
    }
    setState(ConnectionState.RECONNECTING);
    pending.socketDropped();
    long delay = backoff.nextDelayMs();
    reconnectTimer = client.vertx().setTimer(delay, t -> ctx.runOnContext(v -> {
      reconnectTimer = -1;
      resume();
    }));
  }

  /** Before reconnecting: if sends were in flight, read the history to learn which of them were stored. */
  private void resume() {
    if (ended != null) return;
    if (!pending.anyUnsure()) {
      connect();
      return;
    }
    checkHistory(lastMessageId);
  }

  // The history comes in pages (docs/PROTOCOL.md §4): each is delivered before the next is asked for, so a
  // send in flight is found however many messages came after the last one seen (ClientReconnectAcrossPagesTest).
  private void checkHistory(String after) {
    client.api().messages(link.origin(), link.roomId(), token, after).onComplete(ar -> {
      if (ended != null) return;
      if (ar.succeeded()) {
        if (ar.result().trimmedThrough() != null) integrity.trimmedThrough(ar.result().trimmedThrough());
        for (RoomApi.Stored m : ar.result().messages()) onMessage(m.id(), m.ts(), m.memberId(), m.body());
        if (ar.result().next() != null) {
          checkHistory(ar.result().next());
          return;
        }
        pending.historyChecked();
        connect();
      } else if (ar.cause() instanceof VanishException e && e.code() == VanishException.Code.UNAUTHORIZED) {
        retakeSeat();
      } else if (ar.cause() instanceof VanishException e && e.code() == VanishException.Code.ROOM_NOT_FOUND) {
        end(EndReason.NOT_FOUND);
      } else {
        scheduleReconnect();
      }
    });
  }

  /** The seat was freed (grace ran out while offline): take a new one with the same key, then resume. */
  private void retakeSeat() {
    if (!welcomed.future().isComplete()) {
      failOrEnd(EndReason.SEAT_LOST, VanishException.fromServer("unauthorized", null, null));
      return;
    }
    setState(ConnectionState.RECONNECTING);
    pending.socketDropped(); // what went out on the lost seat's socket may or may not be stored: the history says
    client.api().join(link.origin(), key).onComplete(ar -> {
      if (ended != null) return;
      if (ar.succeeded()) {
        takeSeat(ar.result());
        resume();
      } else if (ar.cause() instanceof VanishException e) {
        switch (e.code()) {
          case ROOM_FULL, FORBIDDEN, PASSPHRASE_REQUIRED, WRONG_PASSPHRASE -> end(EndReason.SEAT_LOST);
          case ROOM_NOT_FOUND -> end(EndReason.NOT_FOUND);
          default -> scheduleReconnect();
        }
      } else {
        scheduleReconnect();
      }
    });
  }

  // --- frames ----------------------------------------------------------------------------------------------

  private void onFrame(String text) {
    JsonObject f;
    try {
      f = new JsonObject(text);
    } catch (RuntimeException e) {
      listener.onError(new VanishException(VanishException.Code.PROTOCOL, "the server sent a frame that is not JSON"));
      return;
    }
    switch (String.valueOf(f.getValue("type"))) {
      case "welcome" -> onWelcome(f);
      case "message" -> onMessage(f.getString("id"), f.getLong("ts", 0L), f.getString("memberId"), f.getString("body"));
      case "ack" -> onAck(f);
      case "presence" -> onPresence(f.getJsonArray("members"));
      case "typing" -> listener.onTyping(f.getString("memberId"));
      case "destroyed" -> end(EndReason.DESTROYED);
      case "expired" -> end(EndReason.EXPIRED);
      case "error" -> onError(f);
      default -> { /* unknown frame types are ignored, like unknown fields */ }
    }
  }

  private void onWelcome(JsonObject f) {
    welcomedOnSocket = true;
    backoff.reset();
    expiresAt = f.getLong("expiresAt", expiresAt);
    capacity = f.getInteger("capacity", capacity);
    String trimmed = RoomApi.idString(f.getValue("trimmedThrough"));
    if (trimmed != null) integrity.trimmedThrough(trimmed);
    setState(ConnectionState.CONNECTED);
    onPresence(f.getJsonArray("members"));
    welcomed.tryComplete(this);
    if (pending.needsReseal(memberId)) { // a new seat: what was not stored goes out again as its 1, 2, 3…
      nextSeq = 1;
      refusedSeqs.clear();
      pending.resealUnwritten(this::seal);
    }
    pending.writeUnwritten(this::writeSend);
  }

  private void onMessage(String id, long ts, String sender, String body) {
    long n;
    try {
      n = Long.parseLong(id);
    } catch (RuntimeException e) {
      return;
    }
    if (n <= lastId) return; // already delivered (replay after resume, or history read before reconnecting)
    lastId = n;
    lastMessageId = id;
    boolean mine = myMemberIds.contains(sender);
    if (mine) pending.echoed(body, new Ack(id, ts));
    Plaintext own = mine ? ownEchoes.echoed(body) : null;
    Optional<Plaintext> plain = own != null ? Optional.of(own) : key.open(body);
    if (plain.isEmpty()) {
      listener.onUndecryptable(id, sender);
      return;
    }
    Plaintext p = plain.get();
    IntegrityCheck.Verdict v = integrity.check(id, ts, sender, VanishCrypto.ivOf(body), p);
    for (Notice notice : v.notices()) listener.onNotice(notice); // before the message they are about
    if (!v.show()) return;
    ChatMessage message = new ChatMessage(id, ts, sender, p.name(), p.text(), mine, p.sentAt(), v.skew(), v.reordered());
    if (p.file() != null) {
      listener.onFile(new IncomingFile(message, p.file(), seat()));
      return;
    }
    if (p.unreadableFile()) listener.onNotice(Notice.unreadableFile(id, sender)); // its caption still shows
    listener.onMessage(message);
  }

  private void onAck(JsonObject f) {
    Object ref = f.getValue("ref");
    pending.ack(ref == null ? null : ref.toString(), new Ack(f.getString("id"), f.getLong("ts", 0L)));
  }

  private void onPresence(JsonArray list) {
    if (list == null) return;
    List<Member> next = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonObject m = list.getJsonObject(i);
      next.add(new Member(m.getString("memberId"), m.getBoolean("online", false)));
    }
    members = List.copyOf(next);
    listener.onPresence(members);
  }

  private void onError(JsonObject f) {
    Number retry = f.getValue("retryAfter") instanceof Number r ? r : null;
    VanishException e = VanishException.fromServer(f.getString("error"), f.getString("message"),
        retry == null ? null : retry.longValue());
    Object ref = f.getValue("ref");
    PendingSends.Sealed failed = pending.fail(ref == null ? null : ref.toString(), e);
    if (failed != null) {
      refused(failed);
      return;
    }
    if (welcomedOnSocket && !leaving && e.code() != VanishException.Code.UNAUTHORIZED
        && e.code() != VanishException.Code.ROOM_NOT_FOUND) {
      listener.onError(e); // the others are followed by a close code, which says what to do
    }
  }

  // --- helpers ---------------------------------------------------------------------------------------------

  private void writeSend(String ref, String body) {
    ws.writeTextMessage(new JsonObject().put("type", "send").put("body", body).put("ref", ref).encode());
  }

  private void setState(ConnectionState s) {
    if (state == s) return;
    state = s;
    listener.onState(s);
  }

  private void failOrEnd(EndReason reason, VanishException failure) {
    welcomed.tryFail(failure);
    end(reason);
  }

  private void end(EndReason reason) {
    if (ended != null) return;
    ended = reason;
    if (reconnectTimer >= 0) client.vertx().cancelTimer(reconnectTimer);
    if (expiryTimer >= 0) client.vertx().cancelTimer(expiryTimer);
    WebSocket socket = ws;
    ws = null;
    if (socket != null && !socket.isClosed()) socket.close((short) CloseCode.NORMAL.code());
    pending.failAll(VanishException.ended(reason));
    welcomed.tryFail(VanishException.ended(reason));
    setState(ConnectionState.CLOSED);
    token = null;
    try {
      listener.onEnded(reason);
    } finally {
      endedPromise.tryComplete(reason); // after the listener, so whoever waits on ended() sees its effects
    }
  }

  private <T> Future<T> onCtx(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }
}
