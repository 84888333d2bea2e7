// The soak's driver: room churn at a fixed rate for a duration, against one node. Room k is created at
// start + k / roomRate whatever happened to the others (open loop, like LoadGenerator's sends), handed to a
// lane (event-loop context, round-robin) and lives there as a ChurnRoom until it ended and its books are
// checked. Every nonReaderEvery seconds a firehose room with a NonReader is added instead — never across the
// warm-up mark (when one is written) or the end mark, so its megabytes of history do not distort the heap
// figures taken there. The marks are files a script waits for to measure the server (heap after GC): once
// after the warm-up (the number of live rooms has levelled out after one longest lifetime), once when
// creation stops (the same steady state, one soak later). Then it waits for the last room to end. Nothing here blocks an event loop; the schedule
// runs on the calling thread.
package dev.vanish.bench;

import dev.vanish.client.ClientOptions;
import dev.vanish.client.VanishClient;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

public final class Churn {

  /** The soak's workload; times in seconds unless named otherwise. */
  public record Plan(double durationSeconds, double warmupSeconds, double roomRate, int ttlMinSeconds,
                     int ttlMaxSeconds, int capacity, int initialMembers, double rate, int payloadBytes,
                     double destroyFraction, int dropsPerRoom, double nonReaderEverySeconds,
                     double firstNonReaderSeconds, long nonReaderHoldMs, int firehoseTalkers, double firehoseRate,
                     int firehosePayloadBytes, long seed, Path warmFile, Path endFile) {}

  /** What the driver saw: the totals, the live rooms at each mark, and the wall time it took. */
  public record Outcome(SoakCounters counters, Errors errors, int roomsStarted, int liveAtWarm, int liveAtEnd,
                        double seconds) {}

  private final Vertx vertx;
  private final Plan plan;
  private final SoakCounters counters = new SoakCounters();
  private final Errors errors = new Errors();
  private final AtomicInteger finishedRooms = new AtomicInteger();

  public Churn(Vertx vertx, Plan plan) {
    this.vertx = vertx;
    this.plan = plan;
  }

  /** Runs the whole soak against server (an http:// URL of one node) from a plain thread. */
  public Outcome run(String server, int lanes) throws Exception {
    long t0 = System.nanoTime();
    Context[] ctx = new Context[Math.max(1, lanes)];
    for (int i = 0; i < ctx.length; i++) ctx[i] = ((VertxInternal) vertx).createEventLoopContext();
    VanishClient client = VanishClient.create(vertx, ClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(30))
        .withConnections(64, 1_000_000).withReconnect(Duration.ofMillis(250), Duration.ofSeconds(2)));
    CuttingProxy proxy = LoadGenerator.await(CuttingProxy.start(vertx, server), 30);
    NonReader nonReader = new NonReader(vertx);
    ChurnRoom.Env env = new ChurnRoom.Env(plan, vertx, client, server, proxy, nonReader, counters, errors,
        new AtomicInteger(), finishedRooms::incrementAndGet);
    int started = 0, liveAtWarm = -1, liveAtEnd;
    try {
      List<Long> firehoseAt = firehoseTimes();
      long gap = (long) (1e9 / plan.roomRate());
      long end = t0 + (long) (plan.durationSeconds() * 1e9);
      long warm = t0 + (long) (plan.warmupSeconds() * 1e9);
      int next = 0, fh = 0;
      boolean warmMarked = false;
      while (true) {
        long roomAt = t0 + next * gap;
        long fhAt = fh < firehoseAt.size() ? t0 + firehoseAt.get(fh) : Long.MAX_VALUE;
        long due = Math.min(roomAt, fhAt);
        if (!warmMarked && warm <= due && warm < end) {
          sleepUntil(warm);
          liveAtWarm = started - finishedRooms.get();
          mark(plan.warmFile());
          warmMarked = true;
          continue;
        }
        if (due >= end) break;
        sleepUntil(due);
        boolean firehose = fhAt <= roomAt;
        if (firehose) fh++;
        else next++;
        ChurnRoom room = new ChurnRoom(env, started, firehose);
        ctx[started % ctx.length].runOnContext(v -> room.start());
        started++;
      }
      sleepUntil(end);
      liveAtEnd = started - finishedRooms.get();
      mark(plan.endFile());
      // The last room's lifetime, its sessions' own expiry slack (3 s) and the safety net (30 s) after it.
      long deadline = System.nanoTime() + (plan.ttlMaxSeconds() + 45) * 1_000_000_000L;
      while (finishedRooms.get() < started && System.nanoTime() < deadline) Thread.sleep(100);
      if (finishedRooms.get() < started) errors.add("rooms:unfinished");
    } finally {
      try {
        LoadGenerator.await(client.closeAsync(), 30);
        LoadGenerator.await(proxy.close(), 30);
        LoadGenerator.await(nonReader.close(), 30);
      } catch (Exception e) {
        errors.add("close:timeout");
      }
    }
    return new Outcome(counters, errors, started, liveAtWarm, liveAtEnd, (System.nanoTime() - t0) / 1e9);
  }

  /** Seconds after the start of each firehose room: none whose life would span the warm-up or end mark. */
  List<Long> firehoseTimes() {
    List<Long> out = new ArrayList<>();
    if (plan.nonReaderEverySeconds() <= 0) return out;
    double span = plan.nonReaderHoldMs() / 1000.0 + 5; // join, hold, read up to the cut, destroy
    for (double t = plan.firstNonReaderSeconds(); t + span < plan.durationSeconds(); t += plan.nonReaderEverySeconds()) {
      if (plan.warmFile() != null && t <= plan.warmupSeconds() && t + span >= plan.warmupSeconds()) continue;
      out.add((long) (t * 1e9));
    }
    return out;
  }

  private static void mark(Path file) throws IOException {
    if (file != null) Files.writeString(file, System.currentTimeMillis() + "\n");
  }

  private static void sleepUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
  }
}
