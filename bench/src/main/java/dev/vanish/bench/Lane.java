// One event-loop context of the generator and the members pinned to it: their send schedule (a queue by next
// scheduled time, drained by a 1 ms ticker), their latency and connect-time histograms, and their counters.
// Everything here is touched on that context only; the generator reads it through a task on the context.
package dev.vanish.bench;

import io.vertx.core.Context;
import org.HdrHistogram.Histogram;

import java.util.PriorityQueue;

final class Lane {

  /** A member's sending state: when its next message is due. */
  static final class Sender {
    final int member;
    final long phaseNanos;
    Transport.Conn conn;
    int seq;
    long next;

    Sender(int member, long phaseNanos) {
      this.member = member;
      this.phaseNanos = phaseNanos;
    }
  }

  final Context ctx;
  /** End-to-end latency in microseconds of deliveries scheduled inside the measured window. */
  final Histogram latency = new Histogram(3);
  /** Join (seat + socket + welcome) time in microseconds. */
  final Histogram connect = new Histogram(3);
  final PriorityQueue<Sender> due = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
  long deliveredInWindow;
  long ackedInWindow;
  long timer = -1;

  Lane(Context ctx) {
    this.ctx = ctx;
  }
}
