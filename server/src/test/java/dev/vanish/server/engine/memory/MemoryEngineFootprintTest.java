// What the memory engine really keeps per room, seat and message, measured as retained heap after GC, against the
// fixed costs its budget charges (ServerConfig.MESSAGE_OVERHEAD_BYTES, MemoryEngine.ROOM_OVERHEAD_BYTES and
// SEAT_OVERHEAD_BYTES): if the engine starts keeping more than it charges, VANISH_MEMORY_BUDGET no longer bounds
// the heap and these tests fail. Also proves each message is stored once: a full room of the largest bodies
// retains about its bodies' size, not twice (issue 14: body and frame were both kept, ~65 MB per full room).
// Retained heap is measured with generous margins (GC on a shared machine): no timing is asserted.
package dev.vanish.server.engine.memory;

import dev.vanish.server.config.FileLimits;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.RoomMeta;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryEngineFootprintTest {

  private static final long HOUR = 3_600_000;
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static long retainedHeap() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  }

  private MemoryEngine engine(int historyLimit) {
    MemoryEngine e = new MemoryEngine(vertx, historyLimit, 1L << 30, 0, ServerConfig.MESSAGE_OVERHEAD_BYTES);
    e.start((roomId, event) -> { });
    return e;
  }

  private static RoomMeta room(MemoryEngine e, int capacity) {
    RoomMeta meta = new RoomMeta(id(), id() + id(), capacity, System.currentTimeMillis() + HOUR);
    e.createRoom(meta);
    return meta;
  }

  @Test
  void aFullRoomOfTheLargestBodiesRetainsAboutItsBodiesNotTwice() throws Exception {
    MemoryEngine e = engine(1000);
    RoomMeta r = room(e, 2);
    String member = id();
    e.takeSeat(r.roomId(), member, id(), System.currentTimeMillis(), System.currentTimeMillis() + HOUR);
    long before = retainedHeap();
    for (int i = 0; i < 1000; i++) {
      // A fresh String each time, as bodies arrive from the network: nothing shared between messages.
      String body = "A".repeat(ServerConfig.MAX_BODY_CHARS - 10) + String.format("%010d", i);
      e.appendMessage(r.roomId(), member, body, System.currentTimeMillis());
    }
    long retained = retainedHeap() - before;
    long bodies = 1000L * ServerConfig.MAX_BODY_CHARS;
    System.out.printf("full room: %d messages of %d chars retain %.1f MB (bodies %.1f MB)%n", 1000,
        ServerConfig.MAX_BODY_CHARS, retained / 1e6, bodies / 1e6);
    assertThat(e.messagesAfter(r.roomId(), 0).result()).hasSize(1000);
    // Kept twice (body + frame) it was 2.0x the bodies (65.6 MB); once, about 1.0x.
    assertThat(retained).as("retained bytes of a full room").isLessThan(bodies * 13 / 10);
  }

  @Test
  void aStoredMessageRetainsNoMoreThanItsBodyPlusTheChargedOverhead() throws Exception {
    MemoryEngine e = engine(100_000);
    RoomMeta r = room(e, 2);
    String member = id();
    e.takeSeat(r.roomId(), member, id(), System.currentTimeMillis(), System.currentTimeMillis() + HOUR);
    int n = 100_000;
    long before = retainedHeap();
    for (int i = 0; i < n; i++) {
      String body = String.format("%0100d", i);
      e.appendMessage(r.roomId(), member, body, System.currentTimeMillis());
    }
    double perMessage = (retainedHeap() - before) / (double) n - 100;
    System.out.printf("per message beyond its body: %.0f bytes (charged %d)%n", perMessage, ServerConfig.MESSAGE_OVERHEAD_BYTES);
    assertThat(e.messagesAfter(r.roomId(), 0).result()).hasSize(n);
    assertThat(perMessage).isLessThanOrEqualTo(ServerConfig.MESSAGE_OVERHEAD_BYTES);
  }

  @Test
  void roomsAndSeatsRetainNoMoreThanTheyAreCharged() throws Exception {
    MemoryEngine e = engine(10);
    long before = retainedHeap();
    int rooms = 10_000;
    RoomMeta[] all = new RoomMeta[rooms];
    for (int i = 0; i < rooms; i++) all[i] = room(e, 50);
    long afterRooms = retainedHeap();
    double perRoom = (afterRooms - before) / (double) rooms;
    long now = System.currentTimeMillis();
    int seats = 0;
    for (int i = 0; i < 400; i++) {
      for (int j = 0; j < 50; j++) {
        e.takeSeat(all[i].roomId(), id(), id() + id(), now, now + HOUR);
        seats++;
      }
    }
    double perSeat = (retainedHeap() - afterRooms) / (double) seats;
    System.out.printf("per room: %.0f bytes (charged %d); per seat: %.0f bytes (charged %d)%n", perRoom,
        MemoryEngine.ROOM_OVERHEAD_BYTES, perSeat, MemoryEngine.SEAT_OVERHEAD_BYTES);
    assertThat(e.roomCount()).isEqualTo(rooms);
    assertThat(perRoom).isLessThanOrEqualTo(MemoryEngine.ROOM_OVERHEAD_BYTES);
    assertThat(perSeat).isLessThanOrEqualTo(MemoryEngine.SEAT_OVERHEAD_BYTES);
  }

  @Test
  void theBudgetIsReleasedByTrimmingDestroyAndLeaving() throws Exception {
    MemoryEngine e = new MemoryEngine(vertx, 3, 1L << 20, 1L << 30, 256);
    e.start((roomId, event) -> { });
    RoomMeta r = room(e, 2);
    long now = System.currentTimeMillis();
    e.takeSeat(r.roomId(), "m1", "t1", now, now + HOUR);
    e.takeSeat(r.roomId(), "m2", "t2", now, now + HOUR);
    long seated = MemoryEngine.ROOM_OVERHEAD_BYTES + 2L * MemoryEngine.SEAT_OVERHEAD_BYTES;
    assertThat(e.usedBytes()).isEqualTo(seated);
    for (int i = 0; i < 5; i++) e.appendMessage(r.roomId(), "m1", "A".repeat(1000), now);
    assertThat(e.usedBytes()).as("three messages kept (history limit 3)").isEqualTo(seated + 3 * 1256);
    e.releaseSeat(r.roomId(), "m2");
    assertThat(e.usedBytes()).isEqualTo(seated - MemoryEngine.SEAT_OVERHEAD_BYTES + 3 * 1256);
    e.destroyRoom(r.roomId());
    assertThat(e.usedBytes()).isZero();
  }

  /** Direct memory in use: the JDK's direct buffer pool plus Netty's own count of cleaner-less buffers. */
  private static long directMemory() {
    long jdk = ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
    return jdk + Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
  }

  /**
   * A file's chunks live off the heap (MemoryFile): a stored 10 MiB file (40 chunks) costs the heap only its record
   * and one handle per chunk — within what the budget charges for them besides the ciphertext (FILE_OVERHEAD_BYTES
   * and MemoryEngine.CHUNK_HANDLE_BYTES per chunk) — and its direct memory goes back when the room is destroyed, not
   * at some later GC. The heap is measured over 200 files of 40 chunks (a handle costs the same whatever its chunk's
   * length; one file alone is within the GC's noise), the direct memory over one real 10 MiB file.
   */
  @Test
  void aStoredTenMiBFileCostsTheHeapAFewKiBAndDestroyFreesItsDirectMemory() throws Exception {
    MemoryEngine e = engine(10);
    RoomMeta r = room(e, 2);
    long size = 10L << 20;
    int n = FileLimits.chunks(size);
    long now = System.currentTimeMillis();
    int files = 200;
    String[] ids = new String[files];
    for (int f = 0; f < files; f++) ids[f] = e.declareFile(r.roomId(), "m1", size, n, 1, Long.MAX_VALUE, now).result().fileId();
    long heapBefore = retainedHeap();
    for (int f = 0; f < files; f++) {
      for (int i = 0; i < n; i++) e.putChunk(r.roomId(), ids[f], "m1", i, io.vertx.core.buffer.Buffer.buffer(new byte[28]));
    }
    double perFile = (retainedHeap() - heapBefore) / (double) files;
    for (String id : ids) e.deleteFile(r.roomId(), id, "m1");

    String fileId = e.declareFile(r.roomId(), "m1", size, n, FileLimits.reservation(size), 64L << 20, now).result().fileId();
    long directBefore = directMemory();
    for (int i = 0; i < n; i++) {
      // A fresh heap buffer per chunk, as the HTTP body reader hands it over; dropped after the put.
      byte[] chunk = new byte[FileLimits.chunkLength(size, i)];
      java.util.Arrays.fill(chunk, (byte) i);
      assertThat(e.putChunk(r.roomId(), fileId, "m1", i, io.vertx.core.buffer.Buffer.buffer(chunk)).result())
          .isEqualTo(dev.vanish.server.engine.FileStore.PutOutcome.STORED);
    }
    long direct = directMemory() - directBefore;
    System.out.printf("a stored 10 MiB file: %.0f bytes of heap (charged %d), %.2f MiB of direct memory (ciphertext %.2f MiB)%n",
        perFile, FileLimits.FILE_OVERHEAD_BYTES + (long) n * MemoryEngine.CHUNK_HANDLE_BYTES, direct / 1048576.0,
        (size + 28L * n) / 1048576.0);
    assertThat(e.getChunk(r.roomId(), fileId, n - 1).result().getByte(0)).isEqualTo((byte) (n - 1));
    assertThat(perFile).as("heap retained by a stored 10 MiB file")
        .isLessThanOrEqualTo(FileLimits.FILE_OVERHEAD_BYTES + (double) n * MemoryEngine.CHUNK_HANDLE_BYTES);
    assertThat(direct).as("direct memory of its chunks").isGreaterThanOrEqualTo(size);
    e.destroyRoom(r.roomId());
    assertThat(directMemory() - directBefore).as("direct memory after destroy").isLessThan(1L << 20);
    assertThat(e.usedBytes()).isZero();
  }
}
