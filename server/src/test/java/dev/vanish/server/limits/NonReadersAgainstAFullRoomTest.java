// Ten WebSockets and ten HTTP history readers that never read, against a room filled to the history limit
// with the largest bodies (1000 × 32 KiB ≈ 32 MiB of frames), on a node of its own with a 256 MiB heap
// (issue 14, point 4). Before: every socket's replay queued the whole history in Netty and every HTTP read
// built the whole history as one answer. Now the replay is written with backpressure (HistoryReplay) and a
// socket whose queue stays full for a ping interval is cut (1008), and an HTTP read is one page of ≤ 1 MiB,
// whose connection the HTTP idle timeout cuts when it takes nothing.
// The node's heap after a full GC and its native "Other" memory (where Netty's direct buffers are counted,
// Native Memory Tracking) are weighed with jcmd before and while the non-readers hang on.
package dev.vanish.server.limits;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class NonReadersAgainstAFullRoomTest {

  private static final int HISTORY = 1000;
  private static final int NON_READERS = 10;
  private static final long MIB = 1024 * 1024;
  private static final int HTTP_IDLE_SECONDS = 8;

  @Test
  void nonReadingSocketsAreCutAndNonReadingHttpReadersPinOnePageEach() throws Exception {
    Map<String, String> env = NodeProcess.testEnv(null, null);
    env.put("VANISH_HISTORY_LIMIT", Integer.toString(HISTORY));
    env.put("VANISH_RATE_MESSAGES", "off");
    env.put("VANISH_RATE_HISTORY", "off");
    env.put("VANISH_METRICS_ADDRESS", "off");
    // An HTTP connection that takes nothing for 8 s is closed: past the 5 s the weighing below waits, so the
    // readers still hold their pages while weighed, and are cut afterwards.
    env.put("VANISH_HTTP_IDLE_TIMEOUT_SECONDS", Integer.toString(HTTP_IDLE_SECONDS));
    // Pings every second, so a socket that does not drain is cut within about two seconds; the idle timeout
    // (60 s) is far beyond this test, so a cut seen here is the stall rule's 1008, not the idle 4408.
    env.put("VANISH_PING_SECONDS", "1");
    env.put("VANISH_IDLE_TIMEOUT_SECONDS", "60");
    try (NodeProcess node = NodeProcess.start(env, "-Xmx256m", "-XX:+UseSerialGC", "-XX:NativeMemoryTracking=summary")) {
      Api api = node.api();
      Api.Room room = api.createRoom(600, 2 * NON_READERS + 2);
      Api.Member writer = api.join(room);
      String big = "A".repeat(ServerConfig.MAX_BODY_CHARS);
      for (int i = 0; i < HISTORY; i++) {
        Api.Reply r = api.post("/api/v1/rooms/" + room.roomId() + "/messages", writer.token(), new JsonObject().put("body", big));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
      }
      List<Api.Member> members = new ArrayList<>();
      for (int i = 0; i < 2 * NON_READERS; i++) members.add(api.join(room));
      Weight before = Weight.of(node.pid());

      List<RawSocket> sockets = new ArrayList<>();
      List<Socket> httpReaders = new ArrayList<>();
      long readersStarted = System.nanoTime();
      try {
        for (int i = 0; i < NON_READERS; i++) {
          Api.Member m = members.get(i);
          // A receive buffer of a few KiB: the kernel cannot hide the backlog in megabytes of socket buffer.
          RawSocket s = new RawSocket(node.port(), "/api/v1/rooms/" + m.roomId() + "/socket", Map.of(), 4096);
          assertThat(s.status).isEqualTo(101);
          s.sendText(new JsonObject().put("type", "hello").put("v", 2).put("token", m.token()).encode());
          sockets.add(s);
          httpReaders.add(historyRequestNeverRead(node.port(), members.get(NON_READERS + i)));
        }
        // Long enough for every replay to have filled its queue and for two pings to find it stalled.
        Thread.sleep(5_000);
        Weight during = Weight.of(node.pid());
        double heapGrowth = (during.heapUsed - before.heapUsed) / (double) MIB;
        double nativeGrowth = (during.nativeOther - before.nativeOther) / (double) MIB;
        System.out.printf("non-readers: heap after GC %.1f → %.1f MiB (+%.1f), native Other %.1f → %.1f MiB (+%.1f)%n",
            before.heapUsed / (double) MIB, during.heapUsed / (double) MIB, heapGrowth,
            before.nativeOther / (double) MIB, during.nativeOther / (double) MIB, nativeGrowth);
        // The node still answers everyone else.
        long t0 = System.nanoTime();
        assertThat(node.status("/healthz")).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("/healthz answered within 1 s").isLessThan(1_000);
        // Ten HTTP readers each hold at most one 1 MiB page; ten sockets at most one replay page and Netty's
        // queue until they are cut. Without the bounds it was ~32 MiB per non-reader (the whole history).
        assertThat(heapGrowth).as("heap growth after GC, MiB").isLessThan(48);
        assertThat(nativeGrowth).as("native (direct buffer) growth, MiB").isLessThan(64);
        // Every non-reading socket was cut by the server (1008, without a close frame it could not read):
        // reading now gets what was queued, then the end of the connection — not the rest of the history.
        for (RawSocket s : sockets) assertThat(s.awaitClose(20_000)).as("connection cut").isEqualTo(-1);
        // The HTTP readers are cut by the idle timeout while their page is still stuck: reading now gets what
        // the kernel's buffers held (a few hundred KiB) and then the end of the connection, not the whole page
        // (~1 MiB) that a reader still connected would be sent.
        long idleMs = TimeUnit.SECONDS.toMillis(HTTP_IDLE_SECONDS + 3);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readersStarted);
        if (waited < idleMs) Thread.sleep(idleMs - waited);
        for (Socket s : httpReaders) {
          assertThat(bytesUntilClosed(s)).as("bytes an HTTP non-reader got before its connection was cut")
              .isLessThan(900 * 1024);
        }
      } finally {
        sockets.forEach(RawSocket::close);
        for (Socket s : httpReaders) s.close();
      }
    }
  }

  /** Reads until the server closes the connection (fails if it does not within 15 s); the bytes read. */
  private static long bytesUntilClosed(Socket s) throws IOException {
    s.setSoTimeout(15_000);
    byte[] buf = new byte[65_536];
    long total = 0;
    for (int n; (n = s.getInputStream().read(buf)) != -1; ) total += n;
    return total;
  }

  /** A raw HTTP/1.1 request for the history that is sent and then never read from. */
  private static Socket historyRequestNeverRead(int port, Api.Member m) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    OutputStream out = s.getOutputStream();
    out.write(("GET /api/v1/rooms/" + m.roomId() + "/messages?limit=500 HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAuthorization: Bearer " + m.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** A node's heap in use after a full GC and its NMT "Other" committed memory (Netty's direct buffers). */
  private record Weight(long heapUsed, long nativeOther) {

    private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");
    private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    static Weight of(long pid) throws IOException, InterruptedException {
      jcmd(pid, "GC.run");
      long heap = 0;
      Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
      while (m.find()) heap += Long.parseLong(m.group(1)) * 1024;
      String nmt = jcmd(pid, "VM.native_memory", "summary");
      Matcher o = OTHER.matcher(nmt);
      assertThat(o.find()).as("NMT summary has an Other line: %s", nmt).isTrue();
      assertThat(heap).as("heap in use parsed").isPositive();
      return new Weight(heap, Long.parseLong(o.group(1)) * 1024);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid)));
      cmd.addAll(List.of(command));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return out;
    }
  }
}
