package dev.vanish.server.limits;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.realtime.CloseCodes;
import dev.vanish.server.realtime.Hub;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import dev.vanish.server.testsupport.Eventually;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets that stop cooperating are closed instead of costing the server: a reader that never reads (its
 * queue passes VANISH_SLOW_READER_BYTES → 1008) and a client that answers no ping (→ 4408 after the idle
 * timeout), while polite clients keep their sockets and receive everything.
 */
class SocketHealthTest {

  private static ServerConfig config(long pingMs, long idleMs, long slowReaderBytes) {
    ServerConfig c = TestNode.testConfig().withLimits(1, 50, 60);
    return c.withHardening(c.hardening().withRates(dev.vanish.server.config.Rate.OFF, dev.vanish.server.config.Rate.OFF,
        dev.vanish.server.config.Rate.OFF, dev.vanish.server.config.Rate.OFF).withSockets(pingMs, idleMs, slowReaderBytes));
  }

  private static Hub hub(TestNode node) {
    return node.server().verticle().hub();
  }

  private static int port(TestNode node) {
    return Integer.parseInt(node.base().replaceAll(".*:", ""));
  }

  /** Runs a check on the node's event loop (the hub is single-threaded) and returns its answer. */
  private static <T> T onLoop(TestNode node, Callable<T> call) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    node.server().verticle().context().runOnContext(v -> {
      try {
        f.complete(call.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static void awaitSockets(TestNode node, int expected, long timeoutMs) throws Exception {
    int n = Eventually.until(expected + " sockets open on the server", Duration.ofMillis(timeoutMs), Duration.ofMillis(50),
        () -> {
          try {
            return onLoop(node, () -> hub(node).socketCount());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, count -> count == expected);
    assertThat(n).as("sockets open on the server").isEqualTo(expected);
  }

  private static RawSocket rawJoined(TestNode node, Api.Member m, int receiveBuffer) throws Exception {
    RawSocket s = new RawSocket(port(node), "/api/v1/rooms/" + m.roomId() + "/socket", Map.of(), receiveBuffer);
    assertThat(s.status).isEqualTo(101);
    s.sendText(new JsonObject().put("type", "hello").put("v", 2).put("token", m.token()).encode());
    return s;
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long directMemory() {
    long n = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) n += b.getMemoryUsed();
    long netty = io.netty.util.internal.PlatformDependent.usedDirectMemory();
    return n + Math.max(0, netty);
  }

  @Test
  void hundredReadersThatNeverReadAreClosedAndTheHeapStaysBounded() throws Exception {
    int rooms = 10;
    int slowPerRoom = 10;
    int messagesPerRoom = 60;
    try (TestNode node = TestNode.start(config(25_000, 60_000, 256 * 1024))) {
      Api api = node.api();
      List<Api.Member> writers = new ArrayList<>();
      List<TestSocket> readers = new ArrayList<>();
      List<RawSocket> slow = new ArrayList<>();
      try {
        for (int r = 0; r < rooms; r++) {
          Api.Room room = api.createRoom(600, slowPerRoom + 2);
          writers.add(api.join(room));
          readers.add(TestSocket.joined(api.base(), api.join(room), null));
          // A receive buffer of a few KiB: the kernel cannot hide the backlog in megabytes of socket buffer.
          for (int i = 0; i < slowPerRoom; i++) slow.add(rawJoined(node, api.join(room), 4096));
        }
        awaitSockets(node, rooms + rooms * slowPerRoom, 20_000);
        long heapBefore = usedHeapAfterGc();
        long directBefore = directMemory();
        long directPeak = directBefore;

        String big = "A".repeat(ServerConfig.MAX_BODY_CHARS);
        for (int m = 0; m < messagesPerRoom; m++) {
          for (Api.Member w : writers) {
            Api.Reply r = api.post("/api/v1/rooms/" + w.roomId() + "/messages", w.token(), new JsonObject().put("body", big));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
          }
          directPeak = Math.max(directPeak, directMemory());
        }
        // Every reader that never reads is gone; the polite ones remain.
        awaitSockets(node, rooms, 30_000);
        for (TestSocket reader : readers) {
          Eventually.until("every message at a polite reader", Duration.ofSeconds(30), Duration.ZERO, () -> {
            reader.poll("message", 200);
            return reader.seen().stream().filter(f -> "message".equals(f.getString("type"))).count();
          }, count -> count >= messagesPerRoom);
          assertThat(reader.seen().stream().filter(f -> "message".equals(f.getString("type"))).count()).isEqualTo(messagesPerRoom);
          assertThat(reader.isClosed()).isFalse();
        }
        // The slow ones were cut: reading what reached them ends in a closed connection.
        assertThat(slow.get(0).awaitClose(20_000)).isEqualTo(-1);
        // The polite readers' copies live in this test's JVM too: drop them before weighing the node. What
        // stays is the node's own: mostly the rooms' history (10 rooms × 50 × 32 KiB ≈ 16 MiB).
        readers.forEach(TestSocket::close);
        readers.clear();
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        System.out.printf("slow readers: heap growth after GC %.1f MiB, direct memory peak growth %.1f MiB%n",
            heapGrowth / 1048576.0, (directPeak - directBefore) / 1048576.0);
        // Without the bound each slow socket would hold ~2 MiB of backlog (60 × 32 KiB): ~200 MiB in all.
        assertThat(heapGrowth).isLessThan(64L * 1024 * 1024);
      } finally {
        readers.forEach(TestSocket::close);
        slow.forEach(RawSocket::close);
      }
    }
  }

  @Test
  void socketsThatAnswerNoPingAreClosedAndPoliteOnesStay() throws Exception {
    try (TestNode node = TestNode.start(config(200, 1_000, 1024 * 1024))) {
      Api api = node.api();
      Api.Room room = api.createRoom(600, 3);
      try (TestSocket polite = TestSocket.joined(api.base(), api.join(room), null);
           RawSocket mute = rawJoined(node, api.join(room), 0)) {
        awaitSockets(node, 2, 10_000);
        // The mute client reads (pings, welcome, presence) but never answers: closed with 4408 "idle".
        assertThat(mute.awaitClose(10_000)).isEqualTo(CloseCodes.IDLE);
        awaitSockets(node, 1, 10_000);
        // The polite client answered every ping (the JDK's WebSocket pongs by itself): still open, well past
        // several idle timeouts.
        Thread.sleep(3_000);
        assertThat(polite.isClosed()).isFalse();
        assertThat(onLoop(node, () -> hub(node).socketCount())).isEqualTo(1);
      }
    }
  }
}
