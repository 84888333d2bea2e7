// Writes a room's history to one socket with backpressure: the history is read from the engine one page at a
// time (PAGE_MESSAGES, PAGE_BYTES) and written frame by frame while the socket's write queue has room; when
// Netty reports it full, the replay waits for the socket's drain before writing on, and reads the next page
// only once the current one is written. So a replaying socket holds at most one page of the server's heap
// and one write queue of Netty's, whatever the history's size (a full room is ~32 MiB of frames), and a peer
// that stops reading stops the replay instead of growing the server's memory. Such a peer is then cut by
// Session's stall rule (no drain for a ping interval → 1008), proved by NonReadersAgainstAFullRoomTest.
// It does not decide what is delivered: every frame goes through Session.replay, whose DeliveryCursor drops
// ids already sent and keeps live events parked until the replay's owner says the socket is live.
package dev.vanish.server.realtime;

import dev.vanish.server.engine.HistoryPage;
import dev.vanish.server.engine.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.function.LongFunction;

final class HistoryReplay {

  /** Messages per page read for a replay; the HTTP API's default page size. */
  static final int PAGE_MESSAGES = 100;
  /**
   * Frame bytes per page read for a replay: a quarter of the HTTP API's page cap, so a thousand sockets
   * replaying at once hold at most ~256 MiB between them even with the largest bodies (a page of 100 small
   * messages is ~20 KiB).
   */
  static final int PAGE_BYTES = 256 * 1024;

  private final Session session;
  private final LongFunction<Future<HistoryPage>> pages;
  private final Promise<Void> done = Promise.promise();
  private long after;
  private HistoryPage page;
  private int index;

  private HistoryReplay(Session session, long after, LongFunction<Future<HistoryPage>> pages) {
    this.session = session;
    this.after = after;
    this.pages = pages;
  }

  /**
   * Replays every message after {@code after}, page by page ({@code pages} reads the page after an id).
   * Completes when all is written or the socket closed; fails when a page cannot be read.
   */
  static Future<Void> run(Session session, long after, LongFunction<Future<HistoryPage>> pages) {
    HistoryReplay r = new HistoryReplay(session, after, pages);
    r.pump();
    return r.done.future();
  }

  // A loop rather than recursion: the memory engine answers at once, and a history of thousands of pages
  // would otherwise be as many nested calls.
  private void pump() {
    while (true) {
      if (session.isClosed()) {
        done.tryComplete();
        return;
      }
      if (page == null) {
        Future<HistoryPage> next = pages.apply(after);
        if (!next.isComplete()) {
          next.onComplete(ar -> {
            if (ar.failed()) {
              done.tryFail(ar.cause());
            } else {
              page = ar.result();
              index = 0;
              pump();
            }
          });
          return;
        }
        if (next.failed()) {
          done.tryFail(next.cause());
          return;
        }
        page = next.result();
        index = 0;
      }
      if (index == page.messages().size()) {
        if (!page.more() || page.messages().isEmpty()) {
          done.tryComplete();
          return;
        }
        after = page.lastIdOr(after);
        page = null;
        continue;
      }
      if (session.writeQueueFull()) {
        session.whenDrained().onComplete(v -> pump());
        return;
      }
      StoredMessage m = page.messages().get(index++);
      session.replay(m.id(), Buffer.buffer(m.frame()));
    }
  }
}
