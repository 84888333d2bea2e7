package dev.vanish.server;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Never a wedged process: a `serve` process on a 48 MiB heap (the tests' serial collector, and G1, which
 * `java -jar` picks on a server), with nothing bounding what it stores (no
 * message rate, a huge history), is filled with the largest messages until its heap is exhausted — and it
 * exits with status 3 and the one line of OutOfMemoryExit within seconds, for a supervisor to restart. Before
 * the guard it stayed alive (OutOfMemoryErrors logged by Netty and Vert.x, nothing answered).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OutOfMemoryExitTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-XX:+UseSerialGC", "-XX:+UseG1GC"})
  void aNodeWhoseHeapIsExhaustedExitsNonZeroWithOneLine(String collector) throws Exception {
    Map<String, String> env = NodeProcess.testEnv(null, null);
    env.put("VANISH_RATE_MESSAGES", "off");
    env.put("VANISH_HISTORY_LIMIT", "1000000");
    // The storage bounds off (node budget, room budget, byte rate): only the heap stops it.
    env.put("VANISH_MEMORY_BUDGET", "off");
    env.put("VANISH_ROOM_BYTES", "1GiB");
    env.put("VANISH_RATE_MESSAGE_BYTES", "off");
    env.put("VANISH_METRICS_ADDRESS", "off");
    NodeProcess node = NodeProcess.start(env, "-Xmx48m", collector);
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      Api.Member m = api.join(room);
      // The largest body the server takes: 32768 base64url characters (kept once, as its frame, on the memory engine).
      String big = new JsonObject().put("body", "A".repeat(32768)).encode();
      AtomicLong lastAccepted = new AtomicLong(System.nanoTime());
      for (int t = 0; t < 4; t++) {
        senders.submit(() -> {
          while (node.isAlive() && !Thread.currentThread().isInterrupted()) {
            try {
              Api.Reply r = api.call("POST", "/api/v1/rooms/" + m.roomId() + "/messages", m.token(), big, "application/json");
              if (r.status() == 201 || r.status() == 200) lastAccepted.set(System.nanoTime());
            } catch (IllegalStateException e) {
              // no answer (timeout, refused): keep pushing until it exits
            }
          }
        });
      }
      int code = node.waitFor(60_000);
      long sinceLastAccepted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAccepted.get());
      System.out.printf("out of memory (" + collector + "): exited with %d, %d ms after the last message it accepted: %s%n", code, sinceLastAccepted,
          node.log().lines().filter(l -> l.contains(OutOfMemoryExit.LINE)).findFirst().orElse("(no line)"));
      assertThat(code).isEqualTo(OutOfMemoryExit.STATUS);
      assertThat(node.log()).contains(OutOfMemoryExit.LINE);
      assertThat(node.log().lines().filter(l -> l.contains(OutOfMemoryExit.LINE)).count()).isEqualTo(1);
      assertThat(sinceLastAccepted).as("exits within seconds of the heap running out").isLessThan(15_000);
    } finally {
      senders.shutdownNow();
      node.close();
    }
  }
}
