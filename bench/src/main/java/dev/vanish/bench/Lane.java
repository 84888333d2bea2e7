// One event-loop context of the generator and the members pinned to it: their latency and connect-time
// histograms and their counters, touched on that context only (the generator reads them through a task on
// the context). A member's schedule (Sender.seq/next) belongs to the generator's scheduling thread.
package dev.vanish.bench;

import io.vertx.core.Context;
import org.HdrHistogram.Histogram;

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
  long deliveredInWindow;
  long ackedInWindow;

  Lane(Context ctx) {
    this.ctx = ctx;
  }
}
