// The workload and its measurement, the same for every Transport: make the rooms, join members at --ramp per
// second spread over the event loops, then (after everyone is in) send open-loop — each member's k-th message
// is due at start + phase + k/rate whatever happened to earlier ones, the phase random per member — and
// measure each delivery from its *scheduled* send time (no coordinated omission). The warm-up sends the same
// traffic but is left out of the histogram and the rates; every message, warm-up included, is accounted.
package dev.vanish.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

public final class LoadGenerator {

  /** The workload. rate 0 = connect only (idle), holding the connections for holdSeconds. */
  public record Workload(int rooms, int members, double rate, double durationSeconds, double warmupSeconds,
                         double ramp, double drainSeconds, double holdSeconds, Path readyFile,
                         Path releaseFile) {}

  private final Vertx vertx;
  private final Workload w;
  private final Errors errors = new Errors();
  private final LongAdder inflight = new LongAdder();
  private final LongAdder expectedDeliveries = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private Accountant book;
  private Lane[] lanes;
  private Lane.Sender[] senders;
  private int[] connectedInRoom;
  // Set before any send is scheduled; read on the lanes after (the scheduling task carries them over).
  private long measureStart = Long.MAX_VALUE;
  private long measureEnd = Long.MAX_VALUE;

  public LoadGenerator(Vertx vertx, Workload w) {
    this.vertx = vertx;
    this.w = w;
  }

  public Errors errors() {
    return errors;
  }

  /** Runs the workload against a transport (made with this generator's errors) from a plain thread. */
  public BenchResult run(Transport transport, int eventLoops) throws Exception {
    int n = w.rooms() * w.members();
    book = new Accountant(w.rooms(), w.members());
    lanes = new Lane[Math.max(1, eventLoops)];
    for (int i = 0; i < lanes.length; i++) lanes[i] = new Lane(((VertxInternal) vertx).createEventLoopContext());
    senders = new Lane.Sender[n];
    await(transport.prepare(w.rooms(), w.members()), 600);
    connectAll(transport, n);
    connectedInRoom = new int[w.rooms()];
    int connected = 0;
    for (int i = 0; i < n; i++) {
      if (book.isConnected(i)) {
        connectedInRoom[i / w.members()]++;
        connected++;
      }
    }
    // Before any send: a script measuring the server (its heap, its CPU per delivery) starts from here.
    if (w.readyFile() != null) Files.writeString(w.readyFile(), connected + "\n");
    double window = 0;
    if (w.rate() > 0) {
      window = sendAll();
    } else {
      hold();
    }
    Histogram latency = new Histogram(3), connect = new Histogram(3);
    long[] counts = new long[2];
    for (Lane lane : lanes) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      lane.ctx.runOnContext(v -> {
        latency.add(lane.latency);
        connect.add(lane.connect);
        counts[0] += lane.ackedInWindow;
        counts[1] += lane.deliveredInWindow;
        done.complete(null);
      });
      done.get(30, TimeUnit.SECONDS);
    }
    closeAll(transport);
    return new BenchResult(transport.name(), n, connected, connect, latency, window, counts[0], counts[1],
        book.tally(), errors.total(), errors.snapshot());
  }

  private void connectAll(Transport transport, int n) throws InterruptedException {
    CountDownLatch joined = new CountDownLatch(n);
    long t0 = System.nanoTime();
    double gap = w.ramp() > 0 ? 1e9 / w.ramp() : 0;
    for (int i = 0; i < n; i++) {
      int member = i;
      Lane lane = lanes[i % lanes.length];
      sleepUntil(t0 + (long) (i * gap));
      lane.ctx.runOnContext(v -> {
        long start = System.nanoTime();
        Future<Transport.Conn> f;
        try {
          f = transport.connect(member, receiver(member, lane));
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
          if (ar.succeeded()) {
            lane.connect.recordValue(Math.max(0, (System.nanoTime() - start) / 1000));
            long phase = w.rate() > 0 ? ThreadLocalRandom.current().nextLong(Math.max(1, (long) (1e9 / w.rate()))) : 0;
            Lane.Sender s = new Lane.Sender(member, phase);
            s.conn = ar.result();
            senders[member] = s;
            book.connected(member);
          } else {
            errors.add("connect:" + VanishTransport.kind(ar.cause()));
          }
          joined.countDown();
        });
      });
    }
    if (!joined.await(120, TimeUnit.SECONDS)) errors.add("connect:timeout");
  }

  private Transport.Receiver receiver(int member, Lane lane) {
    return new Transport.Receiver() {
      @Override
      public void message(int sender, int seq, long sentNanos) {
        long now = System.nanoTime();
        if (!book.received(member, sender, seq)) return;
        deliveries.increment();
        if (sentNanos >= measureStart && sentNanos < measureEnd) {
          lane.latency.recordValue(Math.max(0, (now - sentNanos) / 1000));
          lane.deliveredInWindow++;
        }
      }

      @Override
      public void error(String kind) {
        errors.add(kind);
      }
    };
  }

  /**
   * The open-loop schedule, run on this (plain) thread: park until the next message is due, then hand every
   * due message to its member's event loop, one task per lane per wake-up. parkNanos keeps sends within tens
   * of microseconds of their schedule, where a 1 ms Vert.x timer would add up to a millisecond to every
   * latency. Then waits for stragglers (--drain); returns the measured window in seconds.
   */
  private double sendAll() throws InterruptedException {
    long interval = (long) (1e9 / w.rate());
    long start = System.nanoTime() + 100_000_000L;
    measureStart = start + (long) (w.warmupSeconds() * 1e9);
    measureEnd = measureStart + (long) (w.durationSeconds() * 1e9);
    long end = measureEnd;
    PriorityQueue<Lane.Sender> due = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
    for (Lane.Sender s : senders) {
      if (s == null) continue;
      s.next = start + s.phaseNanos;
      if (s.next < end) due.add(s);
    }
    while (!due.isEmpty()) {
      long now = System.nanoTime();
      if (due.peek().next > now) {
        LockSupport.parkNanos(due.peek().next - now);
        continue;
      }
      @SuppressWarnings("unchecked")
      List<Due>[] batches = new List[lanes.length];
      while (!due.isEmpty() && due.peek().next <= now) {
        Lane.Sender s = due.poll();
        int lane = s.member % lanes.length;
        if (batches[lane] == null) batches[lane] = new ArrayList<>();
        batches[lane].add(new Due(s, s.seq, s.next));
        s.seq++;
        s.next = start + s.phaseNanos + s.seq * interval;
        if (s.next < end) due.add(s);
      }
      for (int i = 0; i < lanes.length; i++) {
        if (batches[i] == null) continue;
        Lane lane = lanes[i];
        List<Due> batch = batches[i];
        // Counted in flight here, before the hand-off: counted on the lane, a batch still queued there when
        // the drain looked was invisible to it, so the drain could end and close the members under it (a
        // send that then failed "room_ended" on a loaded machine).
        inflight.add(batch.size());
        lane.ctx.runOnContext(v -> {
          for (Due d : batch) send(lane, d.sender(), d.seq(), d.at());
        });
      }
    }
    sleepUntil(end);
    long drainUntil = System.nanoTime() + (long) (w.drainSeconds() * 1e9);
    while (System.nanoTime() < drainUntil && (inflight.sum() > 0 || deliveries.sum() < expectedDeliveries.sum())) {
      Thread.sleep(20);
    }
    if (inflight.sum() > 0) errors.add("send:unacknowledged");
    return w.durationSeconds();
  }

  /** One message due: the sender, its sequence number and its scheduled time. */
  private record Due(Lane.Sender sender, int seq, long at) {}

  /** One due send on its member's lane; the scheduler already counted it in flight. */
  private void send(Lane lane, Lane.Sender s, int seq, long scheduled) {
    Future<Void> f;
    try {
      f = s.conn.send(seq, scheduled);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        book.acked(s.member, seq);
        expectedDeliveries.add(connectedInRoom[s.member / w.members()] - 1);
        if (scheduled >= measureStart) lane.ackedInWindow++;
      } else {
        errors.add("send:" + VanishTransport.kind(ar.cause()));
      }
      inflight.decrement();
    });
  }

  private void closeAll(Transport transport) {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Lane.Sender s : senders) {
      if (s == null) continue;
      CompletableFuture<Void> c = new CompletableFuture<>();
      lanes[s.member % lanes.length].ctx.runOnContext(v -> s.conn.close().onComplete(ar -> c.complete(null)));
      closing.add(c);
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      await(transport.close(), 30);
    } catch (Exception e) {
      errors.add("close:timeout");
    }
  }

  static <T> T await(Future<T> f, long seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static void sleepUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
  }

  /** Idle: keeps the members connected for holdSeconds, or until the release file appears (if one is given). */
  private void hold() throws InterruptedException {
    long until = System.nanoTime() + (long) (w.holdSeconds() * 1e9);
    while (System.nanoTime() < until && (w.releaseFile() == null || !Files.exists(w.releaseFile()))) {
      Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }
}
