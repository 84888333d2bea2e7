// The embedded engine: all rooms in plain maps, owned by the event loop that started it (so no locks), with
// one Vert.x timer per room that drops the room whole at its expiresAt — no thread per room, no sweeper,
// nothing left behind. Events are delivered on a later turn of the loop, like a real broker, so a caller
// never sees its own event re-entrantly.
// Budgets: each room keeps at most historyLimit messages and roomBytes of bodies (the oldest are dropped), and
// the node keeps at most `budget` bytes in all — rooms, seats and messages charged at the fixed costs below,
// released when messages are trimmed, seats freed and rooms dropped. A write beyond the budget fails with
// storage_full (507) and changes nothing; reads never do (MemoryBudgetTest).
// Files: a declaration reserves the file's whole ciphertext (against the room's file budget and the node's), and
// its chunks are kept off the heap in direct buffers freed when the file or its room goes (MemoryFile): a stored
// 10 MiB file costs the heap 13.7 KB (MemoryEngineFootprintTest), not 10 MiB.
package dev.vanish.server.engine.memory;

import dev.vanish.server.engine.AuthResult;
import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EventSink;
import dev.vanish.server.engine.FileStore;
import dev.vanish.server.engine.HistoryPage;
import dev.vanish.server.protocol.Frames;
import dev.vanish.server.protocol.MemberStatus;
import dev.vanish.server.engine.RoomEvent;
import dev.vanish.server.engine.RoomMeta;
import dev.vanish.server.engine.SeatOutcome;
import dev.vanish.server.engine.StoredMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import dev.vanish.server.error.VanishError;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class MemoryEngine implements Engine {

  /**
   * What an empty room costs the budget (meta, maps, deque, timer), in bytes. Measured with
   * MemoryEngineFootprintTest: 10 000 rooms retained 1 103 bytes each; 1536 leaves a margin.
   */
  public static final int ROOM_OVERHEAD_BYTES = 1536;
  /** What one seat costs (seat, token entry): MemoryEngineFootprintTest measured 270 bytes; 512 leaves a margin. */
  public static final int SEAT_OVERHEAD_BYTES = 512;
  /**
   * What one spent challenge nonce costs while it is remembered (a 22-character key, a Long and a map entry: about
   * 150 bytes), released when its challenge expires or the room goes.
   */
  public static final int NONCE_OVERHEAD_BYTES = 192;

  /**
   * What one stored chunk costs the heap besides its ciphertext, which lives off the heap (MemoryFile): its direct
   * buffer's handle (Netty's ByteBuf, the JDK's DirectByteBuffer and its cleaner) and its slot. Charged to the node's
   * budget per chunk of a declared file, on top of the file's reservation. MemoryEngineFootprintTest measured 340
   * bytes a chunk: a stored 10 MiB file (40 chunks) retains 13.7 KB of heap, against 10 MiB of direct memory; 512
   * leaves a margin.
   */
  public static final int CHUNK_HANDLE_BYTES = 512;

  private final Vertx vertx;
  private final int historyLimit;
  private final long roomBytes;
  private final long budget;
  private final int messageOverhead;
  private long used;
  private final Map<String, MemoryRoom> rooms = new HashMap<>();
  private final Set<String> subscribed = new HashSet<>();
  private EventSink sink = (roomId, event) -> { };
  private Context context;

  /** Without a node budget, rooms kept up to 4 MiB of bodies (tests). */
  public MemoryEngine(Vertx vertx, int historyLimit) {
    this(vertx, historyLimit, 4L << 20, 0, 256);
  }

  /**
   * @param roomBytes bodies kept per room (VANISH_ROOM_BYTES); at least twice the largest body
   * @param budget bytes the node keeps in all (VANISH_MEMORY_BUDGET); 0 = no budget
   * @param messageOverhead what a message costs besides its body (ServerConfig.MESSAGE_OVERHEAD_BYTES)
   */
  public MemoryEngine(Vertx vertx, int historyLimit, long roomBytes, long budget, int messageOverhead) {
    if (historyLimit < 1 || roomBytes < 1 || budget < 0) throw new IllegalArgumentException("bad limits");
    this.vertx = vertx;
    this.historyLimit = historyLimit;
    this.roomBytes = roomBytes;
    this.budget = budget;
    this.messageOverhead = messageOverhead;
  }

  /** Bytes charged to the node's budget now (rooms, seats, messages at their fixed costs). */
  public long usedBytes() {
    return used;
  }

  /** Whether {@code more} bytes still fit the budget. */
  private boolean fits(long more) {
    return budget == 0 || used + more <= budget;
  }

  private void charge(MemoryRoom room, long bytes) {
    room.charged += bytes;
    used += bytes;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Future<Void> start(EventSink sink) {
    this.sink = sink;
    this.context = vertx.getOrCreateContext();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    rooms.values().forEach(r -> {
      vertx.cancelTimer(r.expiryTimer);
      r.releaseFiles();
    });
    rooms.clear();
    used = 0;
    subscribed.clear();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  /** Rooms currently held: lets a test check that nothing outlives a room. */
  public int roomCount() {
    return rooms.size();
  }

  // --- rooms -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> createRoom(RoomMeta meta) {
    if (live(meta.roomId(), System.currentTimeMillis()) != null) return Future.failedFuture(VanishError.roomExists());
    if (!fits(ROOM_OVERHEAD_BYTES)) return Future.failedFuture(VanishError.storageFull());
    MemoryRoom room = new MemoryRoom(meta);
    charge(room, ROOM_OVERHEAD_BYTES);
    long delay = Math.max(1, meta.expiresAt() - System.currentTimeMillis());
    room.expiryTimer = vertx.setTimer(delay, t -> drop(meta.roomId()));
    rooms.put(meta.roomId(), room);
    return Future.succeededFuture();
  }

  @Override
  public Future<RoomMeta> findRoom(String roomId, long now) {
    MemoryRoom room = live(roomId, now);
    return Future.succeededFuture(room == null ? null : room.snapshot());
  }

  @Override
  public Future<Boolean> destroyRoom(String roomId) {
    boolean existed = drop(roomId);
    if (existed) deliver(roomId, new RoomEvent(RoomEvent.Kind.DESTROYED, null, 0, Buffer.buffer(Frames.DESTROYED)));
    return Future.succeededFuture(existed);
  }

  private boolean drop(String roomId) {
    MemoryRoom room = rooms.remove(roomId);
    if (room == null) return false;
    vertx.cancelTimer(room.expiryTimer);
    room.releaseFiles();
    used -= room.charged;
    return true;
  }

  /** The room if it exists and has not expired; the timer may fire a little late, so check the time too. */
  private MemoryRoom live(String roomId, long now) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return null;
    if (room.meta.expiresAt() <= now) {
      drop(roomId);
      return null;
    }
    return room;
  }

  // --- seats and presence ------------------------------------------------------------------------------

  @Override
  public Future<SeatOutcome> takeSeat(String roomId, String memberId, String tokenHash, long now, long heldUntil,
                                      String nonce, long nonceUntil) {
    MemoryRoom room = live(roomId, now);
    if (room == null) return Future.succeededFuture(SeatOutcome.NO_ROOM);
    int freed = room.freeLapsedSeats(now);
    charge(room, -(long) freed * SEAT_OVERHEAD_BYTES);
    if (nonce != null) {
      try {
        if (!spendNonce(room, nonce, nonceUntil, now)) {
          if (freed > 0) publishPresence(roomId, room, now);
          return Future.succeededFuture(SeatOutcome.NO_ROOM);
        }
      } catch (VanishError full) {
        if (freed > 0) publishPresence(roomId, room, now);
        return Future.failedFuture(full);
      }
    }
    if (room.seats.size() >= room.meta.capacity()) {
      if (freed > 0) publishPresence(roomId, room, now);
      return Future.succeededFuture(SeatOutcome.FULL);
    }
    if (!fits(SEAT_OVERHEAD_BYTES)) {
      if (freed > 0) publishPresence(roomId, room, now);
      return Future.failedFuture(VanishError.storageFull());
    }
    charge(room, SEAT_OVERHEAD_BYTES);
    room.seats.put(memberId, new MemoryRoom.Seat(tokenHash, heldUntil));
    room.tokens.put(tokenHash, memberId);
    publishPresence(roomId, room, now);
    return Future.succeededFuture(SeatOutcome.SEATED);
  }

  /**
   * Records a challenge nonce as spent (charged to the budget until its challenge expires); false when it was
   * spent already, which changes nothing. Throws storage_full when it does not fit (nothing recorded).
   */
  private boolean spendNonce(MemoryRoom room, String nonce, long nonceUntil, long now) {
    Long until = room.nonces.get(nonce);
    if (until != null && until > now) return false;
    charge(room, -(long) room.pruneNonces(now) * NONCE_OVERHEAD_BYTES);
    if (!fits(NONCE_OVERHEAD_BYTES)) throw VanishError.storageFull();
    room.nonces.put(nonce, nonceUntil);
    charge(room, NONCE_OVERHEAD_BYTES);
    return true;
  }

  @Override
  public Future<Integer> countWrongPassphrase(String roomId, String nonce, long nonceUntil, long now) {
    MemoryRoom room = live(roomId, now);
    if (room == null || room.meta.passphraseKey() == null) return Future.succeededFuture(-1);
    try {
      if (!spendNonce(room, nonce, nonceUntil, now)) return Future.succeededFuture(-1);
    } catch (VanishError full) {
      return Future.failedFuture(full);
    }
    room.failures++;
    int left = Math.max(0, room.meta.attempts() - room.failures);
    if (left == 0) destroyRoom(roomId);
    return Future.succeededFuture(left);
  }

  @Override
  public Future<AuthResult> authenticate(String roomId, String tokenHash, long now, long heldUntil) {
    MemoryRoom room = live(roomId, now);
    if (room == null) return Future.succeededFuture(AuthResult.NO_ROOM);
    String memberId = room.tokens.get(tokenHash);
    if (memberId == null) return Future.succeededFuture(AuthResult.NO_SEAT);
    MemoryRoom.Seat seat = room.seats.get(memberId);
    if (seat.heldUntil < now) {
      room.release(memberId);
      charge(room, -SEAT_OVERHEAD_BYTES);
      publishPresence(roomId, room, now);
      return Future.succeededFuture(AuthResult.NO_SEAT);
    }
    seat.heldUntil = Math.max(seat.heldUntil, heldUntil);
    return Future.succeededFuture(AuthResult.ok(room.snapshot(), memberId));
  }

  @Override
  public Future<Void> heartbeat(String roomId, String nodeId, Collection<String> memberIds, long onlineUntil, long heldUntil) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return Future.succeededFuture();
    for (String memberId : memberIds) {
      MemoryRoom.Seat seat = room.seats.get(memberId);
      if (seat == null) continue;
      seat.heldUntil = Math.max(seat.heldUntil, heldUntil);
      room.online.put(memberId + "|" + nodeId, onlineUntil);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> releaseSeat(String roomId, String memberId) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null || !room.release(memberId)) return Future.succeededFuture(false);
    charge(room, -SEAT_OVERHEAD_BYTES);
    deliver(roomId, new RoomEvent(RoomEvent.Kind.LEFT, memberId, 0,
        Buffer.buffer("{\"type\":\"left\",\"memberId\":\"" + memberId + "\"}")));
    publishPresence(roomId, room, System.currentTimeMillis());
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> setOnline(String roomId, String memberId, String nodeId, long onlineUntil, long now) {
    MemoryRoom room = live(roomId, now);
    if (room == null || !room.seats.containsKey(memberId)) return Future.succeededFuture();
    String key = memberId + "|" + nodeId;
    if (onlineUntil > 0) room.online.put(key, onlineUntil);
    else room.online.remove(key);
    publishPresence(roomId, room, now);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<MemberStatus>> members(String roomId, long now) {
    MemoryRoom room = live(roomId, now);
    return Future.succeededFuture(room == null ? List.of() : room.members(now));
  }

  // --- messages ------------------------------------------------------------------------------------------

  @Override
  public Future<StoredMessage> appendMessage(String roomId, String memberId, String body, long ts) {
    MemoryRoom room = live(roomId, ts);
    if (room == null) return Future.succeededFuture(null);
    // What the trim would free (count and room byte limits, oldest first, never the new message), before
    // anything changes: a room at its own limits keeps chatting at a full node, since it frees what it adds.
    long cost = body.length() + (long) messageOverhead;
    int drop = 0;
    long freedBodies = 0;
    for (MemoryRoom.Kept k : room.history) {
      boolean overCount = room.history.size() - drop + 1 > historyLimit;
      boolean overBytes = room.bodyBytes - freedBodies + body.length() > roomBytes;
      if (!overCount && !overBytes) break;
      drop++;
      freedBodies += k.bodyLength();
    }
    long freed = freedBodies + (long) drop * messageOverhead;
    if (!fits(cost - freed)) return Future.failedFuture(VanishError.storageFull());
    for (int i = 0; i < drop; i++) room.trimmedThrough = room.history.removeFirst().id();
    room.bodyBytes -= freedBodies;
    charge(room, -freed);
    MemoryRoom.Kept kept = MemoryRoom.Kept.of(++room.lastMessageId, ts, memberId, body);
    room.history.addLast(kept);
    room.bodyBytes += body.length();
    charge(room, cost);
    // One buffer for every local recipient: the frame is encoded once, in Kept.of.
    deliver(roomId, new RoomEvent(RoomEvent.Kind.MESSAGE, memberId, kept.id(), Buffer.buffer(kept.frame())));
    return Future.succeededFuture(new StoredMessage(kept.id(), ts, memberId, body,
        new String(kept.frame(), StandardCharsets.ISO_8859_1)));
  }

  @Override
  public Future<HistoryPage> messagesAfter(String roomId, long afterId, int maxCount, int maxBytes) {
    MemoryRoom room = rooms.get(roomId);
    if (room == null) return Future.succeededFuture(HistoryPage.EMPTY);
    List<StoredMessage> out = new ArrayList<>();
    long bytes = 0;
    for (MemoryRoom.Kept k : room.history) {
      if (k.id() <= afterId) continue;
      StoredMessage m = k.toStored();
      if (out.size() >= maxCount || (!out.isEmpty() && bytes + m.frame().length() > maxBytes)) {
        return Future.succeededFuture(new HistoryPage(out, true, room.trimmedThrough));
      }
      bytes += m.frame().length();
      out.add(m);
    }
    return Future.succeededFuture(new HistoryPage(out, false, room.trimmedThrough));
  }

  // --- files ---------------------------------------------------------------------------------------------------

  @Override
  public Future<Declared> declareFile(String roomId, String uploader, long size, int chunks, long reserve,
                                      long roomFileBytes, long now) {
    MemoryRoom room = live(roomId, now);
    if (room == null) return Future.succeededFuture(Declared.of(DeclareOutcome.NO_ROOM));
    if (room.fileBytes + reserve > roomFileBytes) return Future.succeededFuture(Declared.of(DeclareOutcome.ROOM_FILES_FULL));
    long charged = reserve + (long) chunks * CHUNK_HANDLE_BYTES; // the node's budget also pays the heap's handles
    if (!fits(charged)) return Future.succeededFuture(Declared.of(DeclareOutcome.NODE_FULL));
    String fileId = FileStore.newFileId();
    room.files.put(fileId, new MemoryFile(uploader, size, chunks, reserve, charged));
    room.fileBytes += reserve;
    charge(room, charged);
    return Future.succeededFuture(new Declared(DeclareOutcome.DECLARED, fileId));
  }

  /** The file if its room is live and holds it. */
  private MemoryFile file(String roomId, String fileId) {
    MemoryRoom room = live(roomId, System.currentTimeMillis());
    return room == null ? null : room.files.get(fileId);
  }

  @Override
  public Future<FileInfo> findFile(String roomId, String fileId) {
    MemoryFile f = file(roomId, fileId);
    return Future.succeededFuture(f == null ? null : new FileInfo(f.uploader, f.size, f.chunkCount()));
  }

  @Override
  public Future<PutOutcome> putChunk(String roomId, String fileId, String memberId, int index, Buffer chunk) {
    MemoryFile f = file(roomId, fileId);
    if (f == null || index < 0 || index >= f.chunkCount()) return Future.succeededFuture(PutOutcome.NO_FILE);
    if (!f.uploader.equals(memberId)) return Future.succeededFuture(PutOutcome.NOT_UPLOADER);
    if (f.has(index)) return Future.succeededFuture(PutOutcome.ALREADY_STORED);
    f.put(index, chunk);
    return Future.succeededFuture(PutOutcome.STORED);
  }

  @Override
  public Future<Buffer> getChunk(String roomId, String fileId, int index) {
    MemoryFile f = file(roomId, fileId);
    return Future.succeededFuture(f == null || index < 0 || index >= f.chunkCount() ? null : f.get(index));
  }

  @Override
  public Future<DeleteOutcome> deleteFile(String roomId, String fileId, String memberId) {
    MemoryRoom room = live(roomId, System.currentTimeMillis());
    MemoryFile f = room == null ? null : room.files.get(fileId);
    if (f == null) return Future.succeededFuture(DeleteOutcome.NO_FILE);
    if (!f.uploader.equals(memberId)) return Future.succeededFuture(DeleteOutcome.NOT_UPLOADER);
    room.files.remove(fileId);
    f.release();
    room.fileBytes -= f.reserved;
    charge(room, -f.charged);
    return Future.succeededFuture(DeleteOutcome.DELETED);
  }

  // --- broker ----------------------------------------------------------------------------------------------

  @Override
  public Future<Void> publish(String roomId, RoomEvent event) {
    deliver(roomId, event);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> subscribe(String roomId) {
    subscribed.add(roomId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unsubscribe(String roomId) {
    subscribed.remove(roomId);
    return Future.succeededFuture();
  }

  private void publishPresence(String roomId, MemoryRoom room, long now) {
    deliver(roomId, new RoomEvent(RoomEvent.Kind.PRESENCE, null, 0, Buffer.buffer(Frames.presence(room.members(now)))));
  }

  private void deliver(String roomId, RoomEvent event) {
    if (!subscribed.contains(roomId)) return;
    context.runOnContext(v -> {
      if (subscribed.contains(roomId)) sink.onEvent(roomId, event);
    });
  }
}
